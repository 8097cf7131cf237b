using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Imaging.Caching;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Grayscale;
using PacsViewer.Core.Imaging.Rendering;
using PacsViewer.Core.Imaging.Statistics;
using PacsViewer.Core.Telemetry;

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

    private readonly PacsViewerTelemetry? _telemetry;
    private readonly IRenderedFrameStore? _shared;

    /// <param name="frames">Decoded frames.</param>
    /// <param name="renderer">The renderer.</param>
    /// <param name="limiter">Bounds concurrent renders.</param>
    /// <param name="headers">Instance headers.</param>
    /// <param name="telemetry">When given, each render is measured (<c>pacsviewer.frame.render.duration</c>) and traced.</param>
    /// <param name="shared">When given (several app servers), rendered frames are looked up there first and stored there after rendering.</param>
    public ViewerFrameService(FrameService frames, FrameRenderer renderer, RenderLimiter limiter, InstanceHeaderCache headers,
        PacsViewerTelemetry? telemetry = null, IRenderedFrameStore? shared = null)
    {
        _telemetry = telemetry;
        _shared = shared;
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
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(renderKey);
        var sharedKey = _shared is null ? null : SharedKey(source.Id, key.SopInstanceUid, renderKey);
        if (sharedKey is not null && await _shared!.TryGetAsync(sharedKey, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            _telemetry?.RecordCacheLookup(CacheNames.SharedFrame, hit: true);
            return stored;
        }
        if (sharedKey is not null)
        {
            _telemetry?.RecordCacheLookup(CacheNames.SharedFrame, hit: false);
        }
        var header = await GetHeaderAsync(source, key, cancellationToken).ConfigureAwait(false);
        EncodedFrame encoded;
        using (var slot = await _limiter.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            using var activity = _telemetry?.ActivitySource.StartActivity("frame.render");
            var started = Stopwatch.GetTimestamp();
            using (var lease = await _frames.GetFrameAsync(source, key, renderKey.FrameIndex, cancellationToken).ConfigureAwait(false))
            {
                using var image = _renderer.Render(header, lease.Frame, renderKey);
                var encoder = FrameEncoders.For(renderKey.Format);
                var output = new ArrayBufferWriter<byte>(Math.Max(4096, image.Length / 4));
                encoder.Encode(image, output, renderKey.Quality);
                encoded = new EncodedFrame(output.WrittenMemory, encoder.MediaType);
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (_telemetry is not null)
            {
                var syntax = await _headers.GetTransferSyntaxAsync(source, key, cancellationToken).ConfigureAwait(false);
                var (kind, family, format) = (SourceKind(source), TransferSyntaxFamily.Of(syntax), renderKey.Format.ToString().ToLowerInvariant());
                _telemetry.RecordRender(elapsed, kind, family, format);
                activity?.SetTag(PacsViewerTelemetry.SourceKindTag, kind);
                activity?.SetTag(PacsViewerTelemetry.TransferSyntaxFamilyTag, family);
                activity?.SetTag(PacsViewerTelemetry.OutputFormatTag, format);
            }
        }
        if (sharedKey is not null)
        {
            await _shared!.SetAsync(sharedKey, encoded, cancellationToken).ConfigureAwait(false);
        }
        return encoded;
    }

    /// <summary>
    /// The shared store's key of one render: a hash of the source, the SOP Instance UID and the render key's canonical
    /// string (the same inputs as the frame endpoint's ETag; no patient data, and UIDs are not readable from it).
    /// </summary>
    public static string SharedKey(string sourceId, string sopInstanceUid, RenderKey renderKey)
    {
        ArgumentNullException.ThrowIfNull(renderKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{sourceId}\n{sopInstanceUid}\n{renderKey.ToCanonicalString()}"));
        return "frame:" + Convert.ToHexStringLower(hash);
    }

    /// <summary>The kind of a study source for metrics: archive, dicomweb, dimse or other (behind the retrieval cache: its inner source's).</summary>
    private static string SourceKind(IStudySource source) => (source is CachingStudySource caching ? caching.Inner : source) switch
    {
        LocalArchive => "archive",
        DicomWebStudySource => "dicomweb",
        DimseStudySource => "dimse",
        _ => "other",
    };

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
