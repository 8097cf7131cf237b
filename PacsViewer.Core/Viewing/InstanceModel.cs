namespace PacsViewer.Core.Viewing;

/// <summary>
/// What the viewer needs of one instance to lay out, annotate and measure it without reading it: size and frames,
/// spacing (with its kind), plane geometry (PS3.3 C.7.6.2), windows, cine timing and modality units. An enhanced
/// multi-frame image has <see cref="PerFrame"/> geometry (PS3.3 C.7.6.16); its instance-level spacing, position and
/// orientation then come from the functional groups of its first frame when the top level has none.
/// </summary>
public sealed record InstanceModel(
    string SopInstanceUid,
    string? SopClassUid,
    int? InstanceNumber,
    int Frames,
    int Rows,
    int Columns,
    IReadOnlyList<double>? PixelSpacing,
    PixelSpacingKind? PixelSpacingKind,
    double? SliceLocation,
    double? SliceThickness,
    IReadOnlyList<double>? ImagePositionPatient,
    IReadOnlyList<double>? ImageOrientationPatient,
    IReadOnlyList<InstanceWindow> Windows,
    double? FrameTimeMs,
    string? Photometric,
    bool IsColor,
    string? ModalityUnits,
    IReadOnlyList<FrameGeometry>? PerFrame = null)
{
    /// <summary>
    /// The geometry of frame <paramref name="frame"/> (1-based): its functional groups' values, else the instance's;
    /// a frame of a multi-frame instance without per-frame positions has no position (its frames need not share one).
    /// </summary>
    public FrameGeometry GeometryOf(int frame)
    {
        var own = PerFrame is { } all && frame >= 1 && frame <= all.Count ? all[frame - 1] : null;
        var spacing = own?.PixelSpacing ?? (PixelSpacingKind == Viewing.PixelSpacingKind.PixelSpacing ? PixelSpacing : null);
        return new FrameGeometry(
            own?.ImagePositionPatient ?? (Frames <= 1 ? ImagePositionPatient : null),
            own?.ImageOrientationPatient ?? ImageOrientationPatient,
            spacing,
            own?.SliceThickness ?? SliceThickness);
    }
}
