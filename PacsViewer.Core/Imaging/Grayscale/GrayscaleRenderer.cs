using System.Collections.Concurrent;
using PacsViewer.Core.Codecs;

namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>
/// Renders a decoded grayscale frame to 8-bit display values through one composed <see cref="GrayscaleLut"/>. Tables are
/// cached by <see cref="GrayscaleLutKey"/> (every parameter they depend on) within a byte budget, so dragging a window
/// back to a previous value, or paging through a series with one window, builds no table. Thread-safe.
/// </summary>
public sealed class GrayscaleRenderer
{
    private readonly ConcurrentDictionary<GrayscaleLutKey, GrayscaleLut> _cache = new();
    private readonly long _cacheBudgetBytes;
    private long _cachedBytes;

    /// <param name="cacheBudgetBytes">Upper bound on the bytes of cached tables (a 16-bit table is 64 KiB).</param>
    public GrayscaleRenderer(long cacheBudgetBytes = 8 * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cacheBudgetBytes);
        _cacheBudgetBytes = cacheBudgetBytes;
    }

    /// <summary>Number of cached tables (for tests and diagnostics).</summary>
    public int CachedTables => _cache.Count;

    /// <summary>
    /// Writes Rows x Columns display values (0 black .. 255 white, row by row) for <paramref name="frame"/> to
    /// <paramref name="destination"/>.
    /// </summary>
    /// <remarks>
    /// The one place that chooses how: <see cref="LinearVoiKernel"/> (computed per pixel, no table) whenever the key
    /// allows it (rescale Modality LUT, LINEAR / LINEAR_EXACT window or no VOI, up to 16 stored bits) and vectors run
    /// in hardware, since it is faster than even a cached table and a dragged window then builds nothing; otherwise
    /// the composed table. Both give the same bytes.
    /// </remarks>
    public void Render(DecodedFrame frame, GrayscalePipeline pipeline, GrayscaleRenderOptions options, Span<byte> destination)
    {
        var key = CreateKey(frame, pipeline, options);
        if (LinearVoiKernel.IsFast && LinearVoiKernel.TryCreate(key, out var kernel))
        {
            kernel.Apply(frame.Pixels, destination);
            return;
        }
        GetLut(key).Apply(frame.Pixels, destination);
    }

    /// <summary>The composed table for this frame and options (from the cache, or built and cached).</summary>
    public GrayscaleLut GetLut(DecodedFrame frame, GrayscalePipeline pipeline, GrayscaleRenderOptions options) =>
        GetLut(CreateKey(frame, pipeline, options));

    /// <summary>The composed table for <paramref name="key"/> (from the cache, or built and cached).</summary>
    public GrayscaleLut GetLut(GrayscaleLutKey key)
    {
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var lut = GrayscaleLut.Build(key);
        if (lut.SizeInBytes <= _cacheBudgetBytes)
        {
            if (Interlocked.Add(ref _cachedBytes, lut.SizeInBytes) > _cacheBudgetBytes)
            {
                // Simple bound: start over rather than track recency; tables are cheap to rebuild (< 1 ms).
                _cache.Clear();
                Interlocked.Exchange(ref _cachedBytes, lut.SizeInBytes);
            }
            lut = _cache.GetOrAdd(key, lut);
        }
        return lut;
    }

    /// <summary>The cache key: layout, Modality LUT, the resolved VOI and shape, and for wide samples the stored range.</summary>
    public static GrayscaleLutKey CreateKey(DecodedFrame frame, GrayscalePipeline pipeline, GrayscaleRenderOptions options)
    {
        var info = frame.Info;
        if (info.SamplesPerPixel != 1)
        {
            throw new PixelDataException($"grayscale rendering needs one sample per pixel, the frame has {info.SamplesPerPixel} ({info.PhotometricInterpretation})");
        }
        var layout = StoredValueLayout.FromFrameInfo(info);
        var voi = ResolveVoi(frame.Pixels, layout, pipeline, options);
        long wideMin = 0, wideMax = 0;
        if (!layout.IsTableIndexed)
        {
            (wideMin, wideMax) = ModalityValueRange.StoredExtremes(frame.Pixels, layout);
        }
        return new GrayscaleLutKey(layout, pipeline.Modality, voi, pipeline.ResolveShape(options), wideMin, wideMax);
    }

    /// <summary>The VOI transformation that <paramref name="options"/> selects for these pixels.</summary>
    public static VoiLut ResolveVoi(ReadOnlySpan<byte> pixels, StoredValueLayout layout, GrayscalePipeline pipeline, GrayscaleRenderOptions options)
    {
        switch (options.Source)
        {
            case VoiSource.Window:
                return VoiLut.FromWindow(options.Window ?? throw new ArgumentException("VoiSource.Window needs a window", nameof(options)));
            case VoiSource.FileWindow:
                return (uint)options.Index < (uint)pipeline.Windows.Count
                    ? VoiLut.FromWindow(pipeline.Windows[options.Index])
                    : throw new ArgumentOutOfRangeException(nameof(options), options.Index, $"the object has {pipeline.Windows.Count} window(s)");
            case VoiSource.FileVoiLut:
                return (uint)options.Index < (uint)pipeline.VoiLuts.Count
                    ? VoiLut.FromTable(pipeline.VoiLuts[options.Index])
                    : throw new ArgumentOutOfRangeException(nameof(options), options.Index, $"the object has {pipeline.VoiLuts.Count} VOI LUT(s)");
            case VoiSource.None:
                var (min, max) = pipeline.Modality.OutputRange(layout.MinStored, layout.MaxStored);
                return VoiLut.FromRange(min, max);
            case VoiSource.MinMax:
            case VoiSource.MinMaxIgnoringExtremes:
                var range = ModalityValueRange.Measure(pixels, layout, pipeline.Modality);
                var (lo, hi) = options.Source == VoiSource.MinMax ? (range.Min, range.Max) : (range.SecondMin, range.SecondMax);
                return MinMaxWindow(lo, hi);
            default:
                if (pipeline.Windows.Count > 0)
                {
                    return VoiLut.FromWindow(pipeline.Windows[0]);
                }
                if (pipeline.VoiLuts.Count > 0)
                {
                    return VoiLut.FromTable(pipeline.VoiLuts[0]);
                }
                var auto = ModalityValueRange.Measure(pixels, layout, pipeline.Modality);
                return MinMaxWindow(auto.Min, auto.Max);
        }
    }

    // A LINEAR window (PS3.3 C.11.2.1.2.1) whose lower edge is lo and upper edge hi: center (lo + hi + 1) / 2,
    // width hi - lo + 1, so lo maps to black and hi to white.
    private static VoiLut MinMaxWindow(double lo, double hi) =>
        VoiLut.FromWindow(new WindowLevel((lo + hi + 1) / 2, Math.Max(1, hi - lo + 1)));
}
