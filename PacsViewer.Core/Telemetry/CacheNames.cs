namespace PacsViewer.Core.Telemetry;

/// <summary>The values of the <see cref="PacsViewerTelemetry.CacheTag"/> tag.</summary>
public static class CacheNames
{
    /// <summary>Decoded frames in memory (Imaging/Caching/DecodedFrameCache).</summary>
    public const string DecodedFrame = "decoded-frame";

    /// <summary>Retrieved instances on disk (Archive/Caching/RetrievalCache).</summary>
    public const string Retrieval = "retrieval";

    /// <summary>Rendered frames shared by several app servers (Redis).</summary>
    public const string SharedFrame = "shared-frame";

    /// <summary>Study metadata shared by several app servers (Redis).</summary>
    public const string SharedMetadata = "shared-metadata";
}
