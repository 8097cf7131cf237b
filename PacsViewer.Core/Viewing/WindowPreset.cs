namespace PacsViewer.Core.Viewing;

/// <summary>A named window (PS3.3 C.11.2.1.2: center and width of the modality values).</summary>
public sealed record WindowPreset(string Name, double Center, double Width);
