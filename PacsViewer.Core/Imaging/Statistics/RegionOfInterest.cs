namespace PacsViewer.Core.Imaging.Statistics;

/// <summary>
/// A rectangle or inscribed ellipse in image coordinates, in pixels, where the top-left corner of the top-left
/// pixel is (0, 0) and its centre (0.5, 0.5) (PS3.3 C.10.5.1.2, Graphic Data). A pixel belongs to the region when its
/// centre does: for a rectangle X &lt;= cx &lt; X + Width and Y &lt;= cy &lt; Y + Height (half-open, so adjacent
/// rectangles share no pixel, and whole-pixel rectangles take exactly Width x Height pixels); for an ellipse
/// ((cx - X - Width/2) / (Width/2))^2 + ((cy - Y - Height/2) / (Height/2))^2 &lt;= 1 (the boundary is inside).
/// </summary>
public readonly record struct RegionOfInterest(RegionShape Shape, double X, double Y, double Width, double Height)
{
    public static RegionOfInterest Rectangle(double x, double y, double width, double height) => new(RegionShape.Rectangle, x, y, width, height);

    public static RegionOfInterest Ellipse(double x, double y, double width, double height) => new(RegionShape.Ellipse, x, y, width, height);

    /// <summary>Rows whose centres may fall inside, clipped to an image of <paramref name="imageHeight"/> rows.</summary>
    internal (int First, int Last) Rows(int imageHeight) => Clip(Y, Height, imageHeight);

    /// <summary>
    /// The columns of <paramref name="row"/> whose centres are inside, clipped to <paramref name="imageWidth"/>;
    /// empty when First &gt; Last. Inclusion is solved per row, so the pixel loop needs no geometry.
    /// </summary>
    internal (int First, int Last) Columns(int row, int imageWidth)
    {
        if (Shape == RegionShape.Rectangle)
        {
            return Clip(X, Width, imageWidth);
        }
        double a = Width / 2, b = Height / 2;
        if (a <= 0 || b <= 0)
        {
            return (0, -1);
        }
        var dy = (row + 0.5 - (Y + b)) / b;
        var rest = 1 - dy * dy;
        if (rest < 0)
        {
            return (0, -1);
        }
        var half = a * Math.Sqrt(rest);
        var centre = X + a;
        // |i + 0.5 - centre| <= half
        return (Math.Max(0, Bound(Math.Ceiling(centre - half - 0.5), imageWidth)),
            Math.Min(imageWidth - 1, Bound(Math.Floor(centre + half - 0.5), imageWidth)));
    }

    // start <= i + 0.5 < start + length
    private static (int First, int Last) Clip(double start, double length, int size)
    {
        if (!(length > 0))
        {
            return (0, -1);
        }
        return (Math.Max(0, Bound(Math.Ceiling(start - 0.5), size)), Math.Min(size - 1, Bound(Math.Ceiling(start + length - 0.5) - 1, size)));
    }

    /// <summary>Clamps a column/row index to -1 .. size (outside values only ever produce an empty range).</summary>
    private static int Bound(double index, int size) => double.IsNaN(index) ? -1 : (int)Math.Clamp(index, -1, size);
}
