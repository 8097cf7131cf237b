using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging.Color;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Geometry;
using PacsViewer.Core.Imaging.Grayscale;
using PacsViewer.Core.Imaging.Overlays;

namespace PacsViewer.Core.Imaging.Rendering;

/// <summary>
/// Renders a decoded frame as a <see cref="RenderKey"/> says: grayscale through one composed table
/// (<see cref="GrayscaleRenderer"/>, whose table cache this renderer keeps), or colour to RGB24
/// (<see cref="Rgb24Converter"/>, palettes included); then overlays; then region, size, flips and rotation
/// (<see cref="GeometryRenderer"/>); then, when asked, the encoder. What is read from a dataset (its grayscale
/// pipeline per frame, its palette, its overlay planes) is kept while the dataset lives (datasets are immutable).
/// Thread-safe.
/// </summary>
public sealed class FrameRenderer
{
    private readonly GrayscaleRenderer _grayscale;
    private readonly ConditionalWeakTable<DicomDataset, DatasetState> _states = new();

    public FrameRenderer(GrayscaleRenderer? grayscale = null)
    {
        _grayscale = grayscale ?? new GrayscaleRenderer();
    }

    /// <summary>The grayscale renderer (and table cache) in use.</summary>
    public GrayscaleRenderer Grayscale => _grayscale;

    /// <summary>Renders <paramref name="frame"/> of <paramref name="file"/> into a new pooled image; the caller disposes it.</summary>
    public RenderedImage Render(DicomFile file, DecodedFrame frame, RenderKey key)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Render(file.Dataset, frame, key);
    }

    /// <summary>Renders <paramref name="frame"/>, a frame of <paramref name="dataset"/>, into a new pooled image; the caller disposes it.</summary>
    public RenderedImage Render(DicomDataset dataset, DecodedFrame frame, RenderKey key)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(key);
        var info = frame.Info;
        int columns = info.Columns, rows = info.Rows;
        var geometry = key.ToGeometryOptions(columns, rows);
        var state = _states.GetValue(dataset, static d => new DatasetState(d));
        var photometric = info.PhotometricInterpretation.Trim();
        var grayscale = info.SamplesPerPixel == 1 && photometric is "MONOCHROME1" or "MONOCHROME2";
        if (!grayscale && !Rgb24Converter.Supports(photometric))
        {
            throw new PixelDataException($"photometric interpretation {info.PhotometricInterpretation} cannot be rendered");
        }
        var channels = grayscale ? 1 : 3;
        var length = checked((int)(info.PixelCount * channels));
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var image = buffer.AsSpan(0, length);
            if (grayscale)
            {
                _grayscale.Render(frame, state.Pipeline(frame.FrameIndex), key.ToGrayscaleOptions(), image);
            }
            else
            {
                Rgb24Converter.Convert(frame, image, photometric == "PALETTE COLOR" ? state.Palette : null);
            }
            if (key.Overlays)
            {
                Span<byte> colour = stackalloc byte[channels];
                if (grayscale)
                {
                    colour[0] = byte.MaxValue;
                }
                else
                {
                    colour[0] = (byte)(key.OverlayColor >> 16);
                    colour[1] = (byte)(key.OverlayColor >> 8);
                    colour[2] = (byte)key.OverlayColor;
                }
                OverlayRenderer.Draw(state.Overlays, frame, image, channels, colour);
            }
            return GeometryRenderer.Render(image, columns, rows, channels, geometry);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Renders and encodes in <see cref="RenderKey.Format"/> at <see cref="RenderKey.Quality"/> to <paramref name="destination"/>.</summary>
    public async Task EncodeAsync(DicomFile file, DecodedFrame frame, RenderKey key, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        await EncodeAsync(file.Dataset, frame, key, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renders and encodes in <see cref="RenderKey.Format"/> at <see cref="RenderKey.Quality"/> to <paramref name="destination"/>.</summary>
    public async Task EncodeAsync(DicomDataset dataset, DecodedFrame frame, RenderKey key, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var image = Render(dataset, frame, key);
        await FrameEncoders.For(key.Format).EncodeAsync(image, destination, key.Quality, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What a dataset declares for rendering, read on first use.</summary>
    private sealed class DatasetState(DicomDataset dataset)
    {
        private readonly ConcurrentDictionary<int, GrayscalePipeline> _pipelines = new();
        private readonly Lazy<PaletteColorLut> _palette = new(() => PaletteColorLut.FromDataset(dataset));
        private readonly Lazy<IReadOnlyList<OverlayPlane>> _overlays = new(() => OverlayPlane.FromDataset(dataset));
        private readonly bool _perFrame = dataset.Contains(DicomTags.PerFrameFunctionalGroupsSequence);

        public PaletteColorLut Palette => _palette.Value;

        public IReadOnlyList<OverlayPlane> Overlays => _overlays.Value;

        // Without per-frame functional groups every frame shares frame 0's pipeline.
        public GrayscalePipeline Pipeline(int frameIndex) =>
            _pipelines.GetOrAdd(_perFrame ? frameIndex : 0, static (i, d) => GrayscalePipeline.FromDataset(d, i), dataset);
    }
}
