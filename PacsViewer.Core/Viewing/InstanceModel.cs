namespace PacsViewer.Core.Viewing;

/// <summary>
/// What the viewer needs of one instance to lay out, annotate and measure it without reading it: size and frames,
/// spacing (with its kind), plane geometry (PS3.3 C.7.6.2), windows, cine timing and modality units.
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
    string? ModalityUnits);
