namespace PacsViewer.Core.Imaging.Caching;

/// <summary>
/// A counted reference to a decoded frame handed out by <see cref="DecodedFrameCache"/>. The frame's pooled buffer
/// stays valid until this lease is disposed, even if the cache evicts the frame meanwhile; the buffer is returned to
/// the pool when the cache and the last lease have let go of it. Dispose exactly once (more calls are ignored);
/// never dispose <see cref="Frame"/> itself.
/// </summary>
public sealed class FrameLease : IDisposable
{
    private FrameHandle? _handle;

    internal FrameLease(FrameHandle handle) => _handle = handle;

    /// <summary>The decoded frame; read-only by convention, as other leases may be reading it at the same time.</summary>
    public DecodedFrame Frame => (_handle ?? throw new ObjectDisposedException(nameof(FrameLease))).Frame;

    public void Dispose() => Interlocked.Exchange(ref _handle, null)?.Release();
}
