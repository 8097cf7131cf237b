namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>
/// The VOI LUT transformation in use, PS3.3 C.11.2: a window (C.11.2.1.2), a VOI LUT Sequence item (C.11.2.1.1),
/// or, when there is no VOI, a linear map of a modality value range onto the output. <see cref="Apply"/> answers in
/// [0, 1]; the presentation step scales to the output depth. Equal values make equal render keys.
/// </summary>
public sealed record VoiLut
{
    private VoiLut(WindowLevel? window, LookupTableData? table, double rangeMin, double rangeMax)
    {
        Window = window;
        Table = table;
        RangeMin = rangeMin;
        RangeMax = rangeMax;
    }

    public WindowLevel? Window { get; }

    public LookupTableData? Table { get; }

    /// <summary>For the no-VOI case: the modality value shown black (identity presentation).</summary>
    public double RangeMin { get; }

    /// <summary>For the no-VOI case: the modality value shown white (identity presentation).</summary>
    public double RangeMax { get; }

    public static VoiLut FromWindow(WindowLevel window) => window.IsValid
        ? new VoiLut(window, null, 0, 0)
        : throw new ArgumentOutOfRangeException(nameof(window), window, "window width must be at least 1 (LINEAR) or above 0 (LINEAR_EXACT, SIGMOID)");

    public static VoiLut FromTable(LookupTableData table) => new(null, table, 0, 0);

    /// <summary>No VOI: modality values from <paramref name="min"/> to <paramref name="max"/> spread linearly over the output.</summary>
    public static VoiLut FromRange(double min, double max) => new(null, null, min, max);

    /// <summary>Maps a modality value to [0, 1]. Used to build lookup tables, never per pixel.</summary>
    public double Apply(double x)
    {
        if (Window is { } w)
        {
            return w.Apply(x, 0, 1);
        }
        if (Table is { } t)
        {
            // PS3.3 C.11.2.1.1: entries are 0 to 2^bits - 1.
            return (double)t.Lookup(x) / t.MaxOutput;
        }
        if (RangeMax <= RangeMin)
        {
            return x >= RangeMax ? 1 : 0;
        }
        return Math.Clamp((x - RangeMin) / (RangeMax - RangeMin), 0, 1);
    }
}
