namespace PacsViewer.Core.Imaging.Geometry;

/// <summary>How an axis that is enlarged picks its values (an axis that is reduced always averages areas).</summary>
public enum MagnificationFilter
{
    /// <summary>Linear interpolation between the two nearest pixel centres: smooth.</summary>
    Bilinear,

    /// <summary>Each output pixel takes the source pixel under its centre: hard edges for pixel-peeping.</summary>
    NearestNeighbor,
}
