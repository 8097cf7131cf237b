namespace PacsViewer.Core.Dicom.IO.Json;

/// <summary>How <see cref="DicomJsonReader"/> reads the DICOM JSON Model (PS3.18 F.2).</summary>
public sealed record DicomJsonReaderOptions
{
    public static readonly DicomJsonReaderOptions Default = new();

    /// <summary>Resolves "BulkDataURI" values; without one (or when it returns null) a <see cref="DicomBulkDataReference"/> is kept.</summary>
    public DicomBulkDataResolver? BulkDataResolver { get; init; }

    /// <summary>Maximum nesting of sequences; deeper JSON is rejected rather than recursed into.</summary>
    public int MaxSequenceDepth { get; init; } = 64;
}
