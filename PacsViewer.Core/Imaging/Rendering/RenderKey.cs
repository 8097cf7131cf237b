using System.Globalization;
using System.Text;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Geometry;
using PacsViewer.Core.Imaging.Grayscale;

namespace PacsViewer.Core.Imaging.Rendering;

/// <summary>
/// Every parameter of one server-side render of one frame. Two equal keys of the same frame give the same bytes,
/// so a key (with the source and SOP Instance UID) can name a cache entry or an ETag: see <see cref="ToCanonicalString"/>.
/// </summary>
public sealed record RenderKey
{
    /// <summary>0-based frame number.</summary>
    public int FrameIndex { get; init; }

    /// <summary>Where the VOI comes from (grayscale only). <see cref="VoiSource.Window"/> uses <see cref="WindowCenter"/>/<see cref="WindowWidth"/>.</summary>
    public VoiSource Voi { get; init; } = VoiSource.Default;

    public double WindowCenter { get; init; }

    public double WindowWidth { get; init; }

    /// <summary>VOI LUT Function of the explicit window (PS3.3 C.11.2.1.3).</summary>
    public VoiLutFunction Function { get; init; } = VoiLutFunction.Linear;

    /// <summary>0-based file window or VOI LUT number for <see cref="VoiSource.FileWindow"/> / <see cref="VoiSource.FileVoiLut"/>.</summary>
    public int VoiIndex { get; init; }

    /// <summary>The user's invert (grayscale only).</summary>
    public bool Invert { get; init; }

    /// <summary>The part of the frame to show; null for the whole frame.</summary>
    public PixelRect? Region { get; init; }

    /// <summary>Output width after rotation; null (with <see cref="Height"/>) keeps the region's own size.</summary>
    public int? Width { get; init; }

    public int? Height { get; init; }

    public Rotation Rotation { get; init; } = Rotation.None;

    public bool FlipHorizontal { get; init; }

    public bool FlipVertical { get; init; }

    public MagnificationFilter Magnification { get; init; } = MagnificationFilter.Bilinear;

    /// <summary>Burn in the overlay planes (PS3.3 C.9.2).</summary>
    public bool Overlays { get; init; }

    /// <summary>Overlay colour on colour images, 0xRRGGBB (grayscale overlays are always white).</summary>
    public int OverlayColor { get; init; } = 0xFFFF00;

    public ImageFormat Format { get; init; } = ImageFormat.Png;

    /// <summary>Encoder quality 1-100 (lossy formats only).</summary>
    public int Quality { get; init; } = 90;

    /// <summary>A key for an explicit window.</summary>
    public static RenderKey ForWindow(double center, double width, VoiLutFunction function = VoiLutFunction.Linear) =>
        new() { Voi = VoiSource.Window, WindowCenter = center, WindowWidth = width, Function = function };

    /// <summary>The grayscale options this key asks for.</summary>
    public GrayscaleRenderOptions ToGrayscaleOptions() => Voi switch
    {
        VoiSource.Window => new GrayscaleRenderOptions
        {
            Source = VoiSource.Window, Window = new WindowLevel(WindowCenter, WindowWidth, Function), Invert = Invert,
        },
        _ => new GrayscaleRenderOptions { Source = Voi, Index = VoiIndex, Invert = Invert },
    };

    /// <summary>
    /// The geometry for a <paramref name="columns"/> x <paramref name="rows"/> frame: the region (whole frame when
    /// null) at the requested size, or at its own size (swapped for quarter turns) when no size is given.
    /// </summary>
    public GeometryOptions ToGeometryOptions(int columns, int rows)
    {
        var region = Region ?? new PixelRect(0, 0, columns, rows);
        if (!region.FitsIn(columns, rows))
        {
            throw new ArgumentOutOfRangeException(nameof(columns), $"region {region} is not inside the {columns} x {rows} frame");
        }
        var quarter = Rotation is Rotation.Clockwise90 or Rotation.Clockwise270;
        var (width, height) = Width is { } w && Height is { } h ? (w, h) : quarter ? (region.Height, region.Width) : (region.Width, region.Height);
        return new GeometryOptions
        {
            Region = Region, Width = width, Height = height, Rotation = Rotation,
            FlipHorizontal = FlipHorizontal, FlipVertical = FlipVertical, Magnification = Magnification,
        };
    }

    /// <summary>
    /// A culture-invariant text form holding every parameter (doubles round-trip), for cache keys and ETags:
    /// equal keys give equal strings and different keys different strings.
    /// </summary>
    public string ToCanonicalString()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(128);
        sb.Append(c, $"f={FrameIndex};voi={Voi}");
        if (Voi == VoiSource.Window)
        {
            sb.Append(c, $";c={WindowCenter:R};w={WindowWidth:R};fn={Function}");
        }
        else if (Voi is VoiSource.FileWindow or VoiSource.FileVoiLut)
        {
            sb.Append(c, $";i={VoiIndex}");
        }
        sb.Append(c, $";inv={(Invert ? 1 : 0)}");
        if (Region is { } r)
        {
            sb.Append(c, $";r={r.X},{r.Y},{r.Width},{r.Height}");
        }
        if (Width is { } w && Height is { } h)
        {
            sb.Append(c, $";s={w}x{h}");
        }
        sb.Append(c, $";rot={(int)Rotation};fh={(FlipHorizontal ? 1 : 0)};fv={(FlipVertical ? 1 : 0)};mag={Magnification}");
        sb.Append(c, $";ov={(Overlays ? 1 : 0)}");
        if (Overlays)
        {
            sb.Append(c, $";oc={OverlayColor:X6}");
        }
        sb.Append(c, $";fmt={Format}");
        if (Format == ImageFormat.Jpeg)
        {
            sb.Append(c, $";q={Quality}");
        }
        return sb.ToString();
    }
}
