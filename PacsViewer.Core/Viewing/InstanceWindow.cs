namespace PacsViewer.Core.Viewing;

/// <summary>A window an instance declares (Window Center / Width / Center &amp; Width Explanation, PS3.3 C.11.2).</summary>
public sealed record InstanceWindow(double Center, double Width, string? Explanation);
