namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>
/// Everything a composed grayscale table depends on: the stored-value layout, the Modality LUT, the resolved VOI, the
/// output shape (MONOCHROME1 and the user's invert already folded in), and for Bits Stored above 16 the frame's
/// stored range. Two renders with equal keys share one table.
/// </summary>
public readonly record struct GrayscaleLutKey(
    StoredValueLayout Layout,
    ModalityLut Modality,
    VoiLut Voi,
    PresentationLutShape Shape,
    long WideMin = 0,
    long WideMax = 0);
