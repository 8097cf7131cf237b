namespace PacsViewer.Web.Viewer;

/// <summary>
/// A finished measurement as a viewport reports it: its kind (length, angle, rect, ellipse, arrow), the frame it was
/// drawn on, its label (e.g. "42.0 mm", "mean 40.2 HU sd 3.1 ...") and value, and its points in image pixel coordinates.
/// </summary>
public sealed record MeasurementReport(
    string Id,
    string Kind,
    string SeriesInstanceUid,
    string SopInstanceUid,
    int Frame,
    string Text,
    double? Value,
    string? Unit,
    IReadOnlyList<IReadOnlyList<double>> Points);
