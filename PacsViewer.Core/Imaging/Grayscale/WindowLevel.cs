namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>
/// A VOI window: Window Center (0028,1050), Window Width (0028,1051) and the VOI LUT Function (0028,1056),
/// with the Window Center &amp; Width Explanation (0028,1055) when the file gives one.
/// </summary>
public readonly record struct WindowLevel(double Center, double Width, VoiLutFunction Function = VoiLutFunction.Linear, string? Explanation = null)
{
    /// <summary>True when the width is usable by <see cref="Function"/> (LINEAR needs at least 1, the others more than 0).</summary>
    public bool IsValid => double.IsFinite(Center) && double.IsFinite(Width)
        && (Function == VoiLutFunction.Linear ? Width >= 1 : Width > 0);

    /// <summary>
    /// Maps a modality value <paramref name="x"/> to the output range [<paramref name="yMin"/>, <paramref name="yMax"/>].
    /// Used to build lookup tables, never per pixel.
    /// </summary>
    public double Apply(double x, double yMin, double yMax)
    {
        var c = Center;
        var w = Width;
        switch (Function)
        {
            case VoiLutFunction.LinearExact:
                // PS3.3 C.11.2.1.3.2 LINEAR_EXACT
                if (x <= c - w / 2)
                {
                    return yMin;
                }
                if (x > c + w / 2)
                {
                    return yMax;
                }
                return ((x - c) / w + 0.5) * (yMax - yMin) + yMin;
            case VoiLutFunction.Sigmoid:
                // PS3.3 C.11.2.1.3.1 SIGMOID: y = (yMax - yMin) / (1 + exp(-4 (x - c) / w)) + yMin
                return (yMax - yMin) / (1 + Math.Exp(-4 * (x - c) / w)) + yMin;
            default:
                // PS3.3 C.11.2.1.2.1 LINEAR
                if (x <= c - 0.5 - (w - 1) / 2)
                {
                    return yMin;
                }
                if (x > c - 0.5 + (w - 1) / 2)
                {
                    return yMax;
                }
                // Width 1 leaves no values between the two edges, so w - 1 = 0 is never divided by here.
                return ((x - (c - 0.5)) / (w - 1) + 0.5) * (yMax - yMin) + yMin;
        }
    }

    /// <summary>Parses a VOI LUT Function value; unknown or absent terms are LINEAR (PS3.3 C.11.2.1.3).</summary>
    public static VoiLutFunction ParseFunction(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "LINEAR_EXACT" => VoiLutFunction.LinearExact,
        "SIGMOID" => VoiLutFunction.Sigmoid,
        _ => VoiLutFunction.Linear,
    };
}
