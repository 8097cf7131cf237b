namespace PacsViewer.Core.Viewing;

/// <summary>
/// The geometry of one frame of a multi-frame image, from its functional groups (PS3.3 C.7.6.16): Image Position
/// (Patient) of the Plane Position (Patient) macro (C.7.6.16.2.3), Image Orientation (Patient) of the Plane Orientation
/// (Patient) macro (C.7.6.16.2.4), Pixel Spacing and Slice Thickness of the Pixel Measures macro (C.7.6.16.2.1); each
/// from the frame's Per-frame Functional Groups item, else from the Shared Functional Groups. Null where absent or invalid.
/// </summary>
public sealed record FrameGeometry(
    IReadOnlyList<double>? ImagePositionPatient,
    IReadOnlyList<double>? ImageOrientationPatient,
    IReadOnlyList<double>? PixelSpacing,
    double? SliceThickness);
