namespace PacsViewer.Core.Dicom.IO.Json;

/// <summary>
/// Chooses the BulkDataURI (PS3.18 F.2.6) for a binary value (OB, OD, OF, OL, OV, OW, UN) or for encapsulated
/// pixel data, or returns null to let the writer inline it (F.2.7) or leave it out.
/// </summary>
/// <param name="tagPath">
/// Where the element is: the JSON keys of the enclosing sequences and the zero-based item index, joined by
/// '/', ending with the element's own key, e.g. "7FE00010" or "52009230/0/00289110/0/00280030".
/// </param>
/// <param name="element">The element to be written.</param>
public delegate string? DicomBulkDataUriProvider(string tagPath, DicomElement element);
