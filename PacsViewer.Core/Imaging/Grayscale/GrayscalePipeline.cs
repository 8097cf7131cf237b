using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>
/// The grayscale transformations an object (or one frame of an enhanced object) declares: Modality LUT, its windows
/// and VOI LUTs, and its photometric interpretation and Presentation LUT Shape. Immutable; read once per object/frame.
/// </summary>
public sealed class GrayscalePipeline
{
    public GrayscalePipeline(ModalityLut modality, IReadOnlyList<WindowLevel> windows, IReadOnlyList<LookupTableData> voiLuts,
        bool isMonochrome1, PresentationLutShape? presentationShape = null)
    {
        Modality = modality;
        Windows = windows;
        VoiLuts = voiLuts;
        IsMonochrome1 = isMonochrome1;
        PresentationShape = presentationShape;
    }

    public ModalityLut Modality { get; }

    /// <summary>The object's windows in file order (invalid widths left out).</summary>
    public IReadOnlyList<WindowLevel> Windows { get; }

    /// <summary>The object's VOI LUT Sequence items in file order.</summary>
    public IReadOnlyList<LookupTableData> VoiLuts { get; }

    /// <summary>MONOCHROME1: the minimum value is white (PS3.3 C.7.6.3.1.2).</summary>
    public bool IsMonochrome1 { get; }

    /// <summary>Presentation LUT Shape (2050,0020) when the object has one.</summary>
    public PresentationLutShape? PresentationShape { get; }

    /// <summary>
    /// The output shape for <paramref name="options"/>: the requested shape, else INVERSE for MONOCHROME1, else the
    /// object's shape, else IDENTITY; then the user's invert swaps it.
    /// </summary>
    public PresentationLutShape ResolveShape(GrayscaleRenderOptions options)
    {
        var shape = options.Shape ?? (IsMonochrome1 ? PresentationLutShape.Inverse : PresentationShape ?? PresentationLutShape.Identity);
        return options.Invert ? shape == PresentationLutShape.Inverse ? PresentationLutShape.Identity : PresentationLutShape.Inverse : shape;
    }

    /// <summary>
    /// Reads the pipeline of frame <paramref name="frameIndex"/>. For enhanced objects the frame's Per-frame Functional
    /// Groups item, then the Shared Functional Groups item, supply the Pixel Value Transformation Sequence (0028,9145)
    /// and the Frame VOI LUT Sequence (0028,9132) (PS3.3 C.7.6.16); otherwise the top-level attributes are used.
    /// </summary>
    public static GrayscalePipeline FromDataset(DicomDataset dataset, int frameIndex = 0)
    {
        var signed = dataset.GetInt32(DicomTags.PixelRepresentation, 0) == 1;
        var bitsStored = dataset.GetInt32(DicomTags.BitsStored, dataset.GetInt32(DicomTags.BitsAllocated, 16));
        var modalitySource = FunctionalGroup(dataset, frameIndex, DicomTags.PixelValueTransformationSequence) ?? dataset;
        var modality = ModalityLut.FromDataset(modalitySource, signed);
        if (modality.Lut is null && modalitySource != dataset && dataset.GetSequence(DicomTags.ModalityLUTSequence).Count > 0)
        {
            modality = ModalityLut.FromDataset(dataset, signed);
        }
        var windowSource = FunctionalGroup(dataset, frameIndex, DicomTags.FrameVOILUTSequence) ?? dataset;
        var windows = ReadWindows(windowSource);
        // PS3.3 C.11.2.1.1: the VOI LUT's first mapped value is signed when the Modality LUT output can be negative.
        var storedMin = signed && bitsStored is >= 1 and <= 32 ? -(1L << (bitsStored - 1)) : 0;
        var storedMax = bitsStored is >= 1 and <= 32 ? (signed ? (1L << (bitsStored - 1)) - 1 : (1L << bitsStored) - 1) : 65535;
        var voiSigned = modality.OutputRange(storedMin, storedMax).Min < 0;
        var voiLuts = new List<LookupTableData>();
        foreach (var item in dataset.GetSequence(DicomTags.VOILUTSequence))
        {
            if (LookupTableData.FromItem(item, voiSigned) is { } lut)
            {
                voiLuts.Add(lut);
            }
        }
        var photometric = dataset.GetFirstString(DicomTags.PhotometricInterpretation);
        PresentationLutShape? shape = dataset.GetFirstString(DicomTags.PresentationLUTShape)?.ToUpperInvariant() switch
        {
            "INVERSE" => PresentationLutShape.Inverse,
            "IDENTITY" => PresentationLutShape.Identity,
            _ => null,
        };
        return new GrayscalePipeline(modality, windows, voiLuts, photometric == "MONOCHROME1", shape);
    }

    private static WindowLevel[] ReadWindows(DicomDataset source)
    {
        var centers = source.GetNumbers(DicomTags.WindowCenter).Values;
        var widths = source.GetNumbers(DicomTags.WindowWidth).Values;
        var explanations = source.GetStrings(DicomTags.WindowCenterWidthExplanation);
        var function = WindowLevel.ParseFunction(source.GetFirstString(DicomTags.VOILUTFunction));
        var windows = new List<WindowLevel>();
        for (var i = 0; i < Math.Min(centers.Length, widths.Length); i++)
        {
            var window = new WindowLevel(centers[i], widths[i], function, i < explanations.Length && explanations[i].Length > 0 ? explanations[i] : null);
            if (window.IsValid)
            {
                windows.Add(window);
            }
        }
        return [.. windows];
    }

    // The first item of sequence `tag` inside the frame's Per-frame Functional Groups item, else the Shared one.
    private static DicomDataset? FunctionalGroup(DicomDataset dataset, int frameIndex, DicomTag tag)
    {
        var perFrame = dataset.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence);
        if (frameIndex >= 0 && frameIndex < perFrame.Count && perFrame[frameIndex].GetSequence(tag) is { Count: > 0 } own)
        {
            return own[0];
        }
        var shared = dataset.GetSequence(DicomTags.SharedFunctionalGroupsSequence);
        return shared.Count > 0 && shared[0].GetSequence(tag) is { Count: > 0 } common ? common[0] : null;
    }
}
