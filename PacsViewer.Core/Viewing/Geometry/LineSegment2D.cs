namespace PacsViewer.Core.Viewing.Geometry;

/// <summary>
/// A segment in an image's pixel coordinates, where the top-left corner of the top-left pixel is (0, 0) and its centre
/// (0.5, 0.5) (the convention of PS3.3 C.10.5.1.2 Graphic Data); x runs along columns, y along rows.
/// </summary>
public readonly record struct LineSegment2D(double X1, double Y1, double X2, double Y2)
{
    public double Length => Math.Sqrt((X2 - X1) * (X2 - X1) + (Y2 - Y1) * (Y2 - Y1));
}
