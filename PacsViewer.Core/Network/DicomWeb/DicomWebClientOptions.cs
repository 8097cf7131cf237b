namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>Limits applied to what a DICOMweb server sends back (never trust a declared length).</summary>
public sealed record DicomWebClientOptions
{
    public static readonly DicomWebClientOptions Default = new();

    /// <summary>Largest single instance accepted from WADO-RS.</summary>
    public long MaxInstanceBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest frame, bulk data value or rendered image accepted.</summary>
    public long MaxFrameBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Largest header block of one multipart part.</summary>
    public int MaxPartHeaderBytes { get; init; } = MultipartRelatedReader.DefaultMaxHeaderBytes;

    /// <summary>Largest DICOM JSON response (a QIDO-RS result list, WADO-RS metadata, a STOW-RS response).</summary>
    public long MaxJsonBytes { get; init; } = 512L * 1024 * 1024;
}
