using PacsViewer.Core.Codecs;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Caching;

namespace PacsViewer.Core.Archive.Caching;

/// <summary>
/// The one call a frame endpoint makes: a decoded frame of an instance of any study source, through the
/// <see cref="DecodedFrameCache"/> (keyed by the source's <see cref="IStudySource.Id"/>, the SOP Instance UID and the
/// frame index). Concurrent requests for a frame share one decode and, through the retrieval cache, one retrieval.
/// </summary>
public sealed class FrameService
{
    private readonly DecodedFrameCache _frames;
    private readonly FrameReader _reader;

    public FrameService(DecodedFrameCache frames, FrameReader reader)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(reader);
        _frames = frames;
        _reader = reader;
    }

    /// <summary>
    /// A lease on frame <paramref name="frameIndex"/> (0-based) of instance <paramref name="key"/>; dispose it when
    /// done. Throws <see cref="StudySourceException"/> when the source fails and <see cref="PixelDataException"/> when
    /// the frame cannot be decoded.
    /// </summary>
    public ValueTask<FrameLease> GetFrameAsync(IStudySource source, InstanceKey key, int frameIndex,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var cacheKey = new FrameCacheKey(source.Id, key.SopInstanceUid, frameIndex);
        return _frames.GetAsync(cacheKey, token => DecodeAsync(source, key, frameIndex, token), cancellationToken);
    }

    private async Task<DecodedFrame> DecodeAsync(IStudySource source, InstanceKey key, int frameIndex,
        CancellationToken cancellationToken)
    {
        if (source is CachingStudySource caching)
        {
            // Hold the lease while decoding, so the cached file is not deleted under the reader.
            using var instance = await caching.OpenInstanceAsync(key, cancellationToken).ConfigureAwait(false);
            return _reader.ReadFrame(instance.File, frameIndex);
        }
        var file = await source.GetInstanceAsync(key, cancellationToken).ConfigureAwait(false);
        return _reader.ReadFrame(file, frameIndex);
    }
}
