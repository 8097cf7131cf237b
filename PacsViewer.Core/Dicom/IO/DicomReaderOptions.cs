namespace PacsViewer.Core.Dicom.IO;

/// <summary>How to read a DICOM stream or file.</summary>
public sealed record DicomReaderOptions
{
    public static readonly DicomReaderOptions Default = new();

    /// <summary>Stop at the first top-level (7FE0,0008), (7FE0,0009) or (7FE0,0010): read the header only.</summary>
    public bool StopBeforePixelData { get; init; }

    /// <summary>
    /// Values of at least this many bytes are left in the file and read on demand (0: never). Only when reading
    /// from a file path and not deflated; no stream is held open between reads.
    /// </summary>
    public long DeferValuesLargerThan { get; init; }

    /// <summary>Maximum nesting of sequences (PS3.5 7.5); deeper data is rejected rather than recursed into.</summary>
    public int MaxSequenceDepth { get; init; } = 64;

    /// <summary>Upper bound on the inflated size of a deflated dataset (PS3.5 A.5), against decompression bombs.</summary>
    public long MaxInflatedBytes { get; init; } = 2L * 1024 * 1024 * 1024;
}
