namespace PacsViewer.Core.Imaging.Caching;

/// <summary>
/// Identifies one decoded frame: the study source it came from (an archive, a DICOMweb server, a local folder), the
/// SOP Instance UID (0008,0018) of the object, and the 0-based frame index.
/// </summary>
public readonly record struct FrameCacheKey
{
    public FrameCacheKey(string sourceId, string sopInstanceUid, int frameIndex)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        ArgumentException.ThrowIfNullOrEmpty(sopInstanceUid);
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        SourceId = sourceId;
        SopInstanceUid = sopInstanceUid;
        FrameIndex = frameIndex;
    }

    public string SourceId { get; }

    public string SopInstanceUid { get; }

    public int FrameIndex { get; }
}
