namespace PacsViewer.Core.Viewing.Geometry;

/// <summary>The orientation letters (L R A P H F, strongest direction first) shown at each edge of a displayed image; empty when unknown.</summary>
public sealed record EdgeMarkers(string Left, string Right, string Top, string Bottom)
{
    public static EdgeMarkers Unknown { get; } = new("", "", "", "");
}
