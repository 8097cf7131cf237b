namespace PacsViewer.Core.Imaging.Geometry;

/// <summary>
/// What <see cref="GeometryRenderer"/> does to an 8-bit image: take <see cref="Region"/> (the whole image when null),
/// resample it, flip it, then rotate it (the order of PS3.3 C.10.6.1.1: flip before rotation).
/// <see cref="Width"/> x <see cref="Height"/> is the final size, after rotation.
/// </summary>
public sealed record GeometryOptions
{
    public PixelRect? Region { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    public MagnificationFilter Magnification { get; init; } = MagnificationFilter.Bilinear;

    public Rotation Rotation { get; init; } = Rotation.None;

    public bool FlipHorizontal { get; init; }

    public bool FlipVertical { get; init; }
}
