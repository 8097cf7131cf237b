namespace PacsViewer.Core.Imaging.Caching;

/// <summary>
/// Reference count around one <see cref="DecodedFrame"/>: the cache entry, the in-flight decode and each
/// <see cref="FrameLease"/> hold one reference; the frame is disposed (its buffer returned to the pool) when the
/// count reaches zero. A reference is only added by a holder of another reference, so a dead handle never revives.
/// </summary>
internal sealed class FrameHandle(DecodedFrame frame)
{
    private int _references = 1;

    public DecodedFrame Frame { get; } = frame;

    /// <summary>Bytes charged to the cache budget.</summary>
    public long Size => Frame.Length;

    public void AddReference()
    {
        if (Interlocked.Increment(ref _references) <= 1)
        {
            throw new InvalidOperationException("a released frame was referenced again");
        }
    }

    public void Release()
    {
        var remaining = Interlocked.Decrement(ref _references);
        if (remaining == 0)
        {
            Frame.Dispose();
        }
        else if (remaining < 0)
        {
            throw new InvalidOperationException("a frame was released more often than it was referenced");
        }
    }
}
