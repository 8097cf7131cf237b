using System.Buffers;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Imaging.Caching;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Grayscale;
using PacsViewer.Core.Imaging.Rendering;
using PacsViewer.Core.Imaging.Statistics;

namespace PacsViewer.Core.Viewing;

/// <summary>
/// What the viewer's frame endpoints ask of Core: an instance's header (<see cref="InstanceHeaderCache"/>), a frame
/// rendered and encoded as a <see cref="RenderKey"/> says, and region statistics of a frame's modality values. Frames
/// come through <see cref="FrameService"/> (decoded-frame cache); decoding, rendering and statistics run within the
/// <see cref="RenderLimiter"/>. Failures: <see cref="StudySourceException"/> from the source,
/// <see cref="PixelDataException"/> when the frame cannot be decoded or rendered.
/// </summary>
public sealed class ViewerFrameService
{
    private readonly FrameService _frames;
    private readonly FrameRenderer _renderer;
    private readonly RenderLimiter _limiter;
    private readonly InstanceHeaderCache _headers;

    public ViewerFrameService(FrameService frames, FrameRenderer renderer, RenderLimiter limiter, InstanceHeaderCache headers)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(headers);
        _frames = frames;
        _renderer = renderer;
        _limiter = limiter;
        _headers = headers;
    }

    /// <summary>The instance's dataset (large values deferred).</summary>
    public Task<DicomDataset> GetHeaderAsync(IStudySource source, InstanceKey key, CancellationToken cancellationToken = default) =>
        _headers.GetAsync(source, key, cancellationToken);

    /// <summary>Frame <see cref="RenderKey.FrameIndex"/> rendered and encoded in <see cref="RenderKey.Format"/>.</summary>
    public async Task<EncodedFrame> RenderAsync(IStudySource source, InstanceKey key, RenderKey renderKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(renderKey);
        var header = await GetHeaderAsync(source, key, cancellationToken).ConfigureAwait(false);
        using var slot = await _limiter.EnterAsync(cancellationToken).ConfigureAwait(false);
        using var lease = await _frames.GetFrameAsync(source, key, renderKey.FrameIndex, cancellationToken).ConfigureAwait(false);
        using var image = _renderer.Render(header, lease.Frame, renderKey);
        var encoder = FrameEncoders.For(renderKey.Format);
        var output = new ArrayBufferWriter<byte>(Math.Max(4096, image.Length / 4));
        encoder.Encode(image, output, renderKey.Quality);
        return new EncodedFrame(output.WrittenMemory, encoder.MediaType);
    }

    /// <summary>
    /// Statistics of the modality values (PS3.3 C.11.1) of frame <paramref name="frameIndex"/> (0-based) inside
    /// <paramref name="region"/>, or over the whole frame when null.
    /// </summary>
    public async Task<RegionStatistics> StatisticsAsync(IStudySource source, InstanceKey key, int frameIndex, RegionOfInterest? region,
        CancellationToken cancellationToken = default)
    {
        var header = await GetHeaderAsync(source, key, cancellationToken).ConfigureAwait(false);
        using var slot = await _limiter.EnterAsync(cancellationToken).ConfigureAwait(false);
        using var lease = await _frames.GetFrameAsync(source, key, frameIndex, cancellationToken).ConfigureAwait(false);
        var pipeline = GrayscalePipeline.FromDataset(header, frameIndex);
        return FrameStatistics.Compute(lease.Frame, pipeline.Modality, region);
    }
}
