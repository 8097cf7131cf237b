namespace PacsViewer.Core.Imaging.Geometry;

/// <summary>A rectangle of whole source pixels: columns X to X + Width - 1, rows Y to Y + Height - 1.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    /// <summary>True when the rectangle is non-empty and lies inside a <paramref name="width"/> x <paramref name="height"/> image.</summary>
    public bool FitsIn(int width, int height) =>
        Width > 0 && Height > 0 && X >= 0 && Y >= 0 && (long)X + Width <= width && (long)Y + Height <= height;
}
