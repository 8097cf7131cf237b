using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>
/// The Modality LUT, PS3.3 C.11.1: either a linear rescale (Rescale Slope/Intercept, output = slope x stored +
/// intercept, C.11.1.1.2) or a Modality LUT Sequence item (C.11.1.1.1). Immutable; evaluated only while building
/// a lookup table.
/// </summary>
public sealed class ModalityLut : IEquatable<ModalityLut>
{
    public static readonly ModalityLut Identity = new(1, 0, null);

    private ModalityLut(double slope, double intercept, LookupTableData? lut)
    {
        Slope = slope;
        Intercept = intercept;
        Lut = lut;
    }

    public double Slope { get; }

    public double Intercept { get; }

    /// <summary>The Modality LUT Sequence item in use, when the object has one (then slope and intercept are 1 and 0).</summary>
    public LookupTableData? Lut { get; }

    public bool IsIdentity => Lut is null && Slope == 1 && Intercept == 0;

    public static ModalityLut Rescale(double slope, double intercept) =>
        double.IsFinite(slope) && double.IsFinite(intercept) && slope != 0
            ? new ModalityLut(slope, intercept, null)
            : Identity;

    public static ModalityLut FromLut(LookupTableData lut) => new(1, 0, lut);

    /// <summary>The modality value of a stored value.</summary>
    public double Apply(double stored) => Lut is { } lut
        ? lut.Lookup(stored) // PS3.3 C.11.1.1.1
        : stored * Slope + Intercept; // PS3.3 C.11.1.1.2

    /// <summary>
    /// The smallest and largest modality value for stored values in [<paramref name="storedMin"/>, <paramref name="storedMax"/>].
    /// </summary>
    public (double Min, double Max) OutputRange(double storedMin, double storedMax)
    {
        if (Lut is { } lut)
        {
            var min = int.MaxValue;
            var max = int.MinValue;
            foreach (var v in lut.Data)
            {
                var m = v & lut.MaxOutput;
                min = Math.Min(min, m);
                max = Math.Max(max, m);
            }
            return (min, max);
        }
        var a = Apply(storedMin);
        var b = Apply(storedMax);
        return (Math.Min(a, b), Math.Max(a, b));
    }

    /// <summary>
    /// Reads the Modality LUT of <paramref name="dataset"/> (or of a Pixel Value Transformation item): a Modality LUT
    /// Sequence wins over Rescale Slope/Intercept; a missing or zero slope is 1.
    /// </summary>
    public static ModalityLut FromDataset(DicomDataset dataset, bool signedPixels)
    {
        var sequence = dataset.GetSequence(DicomTags.ModalityLUTSequence);
        if (sequence.Count > 0 && LookupTableData.FromItem(sequence[0], signedPixels) is { } lut)
        {
            return FromLut(lut);
        }
        return Rescale(dataset.GetDouble(DicomTags.RescaleSlope, 1), dataset.GetDouble(DicomTags.RescaleIntercept, 0));
    }

    public bool Equals(ModalityLut? other) =>
        other is not null && Slope.Equals(other.Slope) && Intercept.Equals(other.Intercept) && ReferenceEquals(Lut, other.Lut);

    public override bool Equals(object? obj) => Equals(obj as ModalityLut);

    public override int GetHashCode() => HashCode.Combine(Slope, Intercept, Lut);
}
