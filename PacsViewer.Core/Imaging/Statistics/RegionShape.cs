namespace PacsViewer.Core.Imaging.Statistics;

public enum RegionShape
{
    Rectangle,

    /// <summary>The ellipse inscribed in the bounding rectangle.</summary>
    Ellipse,
}
