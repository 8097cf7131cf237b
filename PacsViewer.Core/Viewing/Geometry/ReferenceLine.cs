namespace PacsViewer.Core.Viewing.Geometry;

/// <summary>
/// The reference line of one slice on another image: where the slice's plane cuts the image, limited to the part of
/// the line inside both images (each a rectangle of Rows x Columns pixels around its pixel centres, PS3.3
/// C.7.6.2.1.1), in the other image's pixel coordinates (<see cref="LineSegment2D"/>).
/// </summary>
public static class ReferenceLine
{
    /// <summary>Planes closer to parallel than this (sine of the angle between them) have no reference line.</summary>
    public const double ParallelTolerance = 1e-3;

    /// <summary>
    /// The segment of <paramref name="slice"/>'s plane on <paramref name="image"/>, or null when the planes are
    /// parallel or the two images do not overlap along their common line.
    /// </summary>
    public static LineSegment2D? Compute(ImagePlane slice, ImagePlane image)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(image);
        var normal = slice.Normal;
        // The slice plane in the image's index coordinates: a x + b y + d = 0.
        var a = normal.Dot(image.RowDirection) * image.ColumnSpacing;
        var b = normal.Dot(image.ColumnDirection) * image.RowSpacing;
        var d = normal.Dot(image.Position - slice.Position);
        var norm = Math.Sqrt(a * a + b * b);
        var scale = Math.Max(image.ColumnSpacing, image.RowSpacing);
        if (!(norm > ParallelTolerance * scale))
        {
            return null;
        }
        // Point on the line closest to the image origin, and the line's direction, in index coordinates.
        double px = -d * a / (norm * norm), py = -d * b / (norm * norm);
        double dx = -b / norm, dy = a / norm;
        double tMin = double.NegativeInfinity, tMax = double.PositiveInfinity;
        // Inside the image: -0.5 <= x <= Columns - 0.5 and likewise for y.
        if (!Clip(px, dx, -0.5, image.Columns - 0.5, ref tMin, ref tMax) || !Clip(py, dy, -0.5, image.Rows - 0.5, ref tMin, ref tMax))
        {
            return null;
        }
        // Inside the slice: its index coordinates are linear in t as well.
        var origin = image.PointAt(px, py) - slice.Position;
        var step = image.RowDirection * (dx * image.ColumnSpacing) + image.ColumnDirection * (dy * image.RowSpacing);
        double sx0 = origin.Dot(slice.RowDirection) / slice.ColumnSpacing, sx1 = step.Dot(slice.RowDirection) / slice.ColumnSpacing;
        double sy0 = origin.Dot(slice.ColumnDirection) / slice.RowSpacing, sy1 = step.Dot(slice.ColumnDirection) / slice.RowSpacing;
        if (!Clip(sx0, sx1, -0.5, slice.Columns - 0.5, ref tMin, ref tMax) || !Clip(sy0, sy1, -0.5, slice.Rows - 0.5, ref tMin, ref tMax))
        {
            return null;
        }
        // Index coordinates to corner coordinates: + 0.5.
        return new LineSegment2D(px + tMin * dx + 0.5, py + tMin * dy + 0.5, px + tMax * dx + 0.5, py + tMax * dy + 0.5);
    }

    /// <summary>Narrows [tMin, tMax] to where lo &lt;= g0 + g1 t &lt;= hi; false when nothing is left.</summary>
    private static bool Clip(double g0, double g1, double lo, double hi, ref double tMin, ref double tMax)
    {
        if (Math.Abs(g1) < 1e-12)
        {
            return g0 >= lo && g0 <= hi && tMin <= tMax;
        }
        double t1 = (lo - g0) / g1, t2 = (hi - g0) / g1;
        if (t1 > t2)
        {
            (t1, t2) = (t2, t1);
        }
        tMin = Math.Max(tMin, t1);
        tMax = Math.Min(tMax, t2);
        return tMin <= tMax;
    }
}
