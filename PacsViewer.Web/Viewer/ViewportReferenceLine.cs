namespace PacsViewer.Web.Viewer;

/// <summary>
/// Where viewport <paramref name="Source"/>'s current slice cuts the image shown in another viewport, in that image's
/// pixel coordinates (corner at (0, 0), as <see cref="Core.Viewing.Geometry.LineSegment2D"/>), with the source's colour.
/// </summary>
public sealed record ViewportReferenceLine(int Source, string Color, double X1, double Y1, double X2, double Y2);
