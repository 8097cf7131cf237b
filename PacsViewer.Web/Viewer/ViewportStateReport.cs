namespace PacsViewer.Web.Viewer;

/// <summary>
/// What a viewport's JavaScript module reports about its view (throttled): the slice shown, the window, zoom
/// (device pixels per image pixel), rotation, flips, invert and cine. Small values only; pixels never come this way.
/// </summary>
public sealed record ViewportStateReport(
    int Index,
    int Count,
    string? SopInstanceUid,
    int Frame,
    double? WindowCenter,
    double? WindowWidth,
    double Zoom,
    int Rotation,
    bool FlipHorizontal,
    bool FlipVertical,
    bool Invert,
    bool Cine,
    double FramesPerSecond);
