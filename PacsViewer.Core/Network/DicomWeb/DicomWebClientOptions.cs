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

    /// <summary>
    /// Longest wait for the next bytes of a response body once its headers are in (the resilience pipeline times the
    /// wait for the headers). A server that stalls longer in the middle of a stream fails the request.
    /// </summary>
    public TimeSpan BodyIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest DICOM JSON response (a QIDO-RS result list, WADO-RS metadata, a STOW-RS response).</summary>
    public long MaxJsonBytes { get; init; } = 512L * 1024 * 1024;
}
