namespace PacsViewer.Core.Dicom.IO.Json;

/// <summary>
/// Turns a BulkDataURI met while reading DICOM JSON (PS3.18 F.2.6) into the value's bytes, e.g. by fetching it
/// or by pointing at a file range. Return null to keep a <see cref="DicomBulkDataReference"/> (no bytes, URI kept).
/// </summary>
/// <param name="tagPath">Where the element is, in the form described on <see cref="DicomBulkDataUriProvider"/>.</param>
/// <param name="vr">The element's VR.</param>
/// <param name="uri">The BulkDataURI as written.</param>
public delegate DicomValueSource? DicomBulkDataResolver(string tagPath, DicomVR vr, string uri);
