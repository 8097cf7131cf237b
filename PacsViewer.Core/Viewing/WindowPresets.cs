namespace PacsViewer.Core.Viewing;

/// <summary>
/// Window presets per modality. CT presets are in Hounsfield units with the values in common clinical use (as
/// tabulated, for example, in Radiopaedia's "Windowing (CT)" article; its bone window is 1800/400, the 1500/300 here
/// is the other common console default). Other modalities have no absolute scale: their presets are the windows the
/// files declare (PS3.3 C.11.2.1.2), and the viewer's automatic window otherwise.
/// </summary>
public static class WindowPresets
{
    /// <summary>CT presets in the order a toolbar shows them.</summary>
    public static IReadOnlyList<WindowPreset> Ct { get; } =
    [
        new("Soft tissue", 40, 400),
        new("Lung", -600, 1500),
        new("Bone", 300, 1500),
        new("Brain", 40, 80),
        new("Liver", 60, 160),
        new("Mediastinum", 50, 350),
    ];

    /// <summary>
    /// The presets of <paramref name="modality"/>: the CT table for CT, else the distinct windows of
    /// <paramref name="fileWindows"/> (named by their explanation, or "Window N").
    /// </summary>
    public static IReadOnlyList<WindowPreset> For(string? modality, IEnumerable<InstanceWindow> fileWindows)
    {
        ArgumentNullException.ThrowIfNull(fileWindows);
        if (string.Equals(modality, "CT", StringComparison.OrdinalIgnoreCase))
        {
            return Ct;
        }
        var presets = new List<WindowPreset>();
        foreach (var w in fileWindows)
        {
            if (presets.Any(p => p.Center == w.Center && p.Width == w.Width))
            {
                continue;
            }
            var name = string.IsNullOrWhiteSpace(w.Explanation) ? $"Window {presets.Count + 1}" : w.Explanation;
            presets.Add(new WindowPreset(name, w.Center, w.Width));
        }
        return presets;
    }
}
