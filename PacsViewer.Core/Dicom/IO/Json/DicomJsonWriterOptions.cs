namespace PacsViewer.Core.Dicom.IO.Json;

/// <summary>How <see cref="DicomJsonWriter"/> writes the DICOM JSON Model (PS3.18 F.2).</summary>
public sealed record DicomJsonWriterOptions
{
    public static readonly DicomJsonWriterOptions Default = new();

    /// <summary>
    /// Asked for every binary value (OB, OD, OF, OL, OV, OW, UN) and every encapsulated pixel data element; a
    /// non-null answer is written as "BulkDataURI" (F.2.6). Null: binary values are inline, encapsulated pixel
    /// data is left out (it is never written inline).
    /// </summary>
    public DicomBulkDataUriProvider? BulkDataUriProvider { get; init; }

    /// <summary>
    /// Binary values longer than this many bytes that got no BulkDataURI are left out of the JSON altogether
    /// (the attribute is not written, so it is not mistaken for an empty one). Default: no limit.
    /// </summary>
    public long MaxInlineBinaryLength { get; init; } = long.MaxValue;

    /// <summary>Pretty-print with indentation.</summary>
    public bool Indented { get; init; }
}
