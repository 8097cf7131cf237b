namespace PacsViewer.Web.Viewer;

/// <summary>One frame of a viewport's stack, with what the JavaScript viewport needs to request, fit and measure it.</summary>
/// <param name="PixelSpacing">Row then column spacing in mm (PS3.3 10.7.1.3), null when unknown.</param>
/// <param name="PixelSpacingKind">"pixel" (Pixel Spacing) or "imager" (Imager Pixel Spacing: measurements say so).</param>
public sealed record ViewportImage(
    string Sop,
    string Series,
    int Frame,
    int Rows,
    int Columns,
    IReadOnlyList<double>? PixelSpacing,
    string? PixelSpacingKind,
    IReadOnlyList<ViewportWindow> Windows,
    bool IsColor);
