using PacsViewer.Core.Viewing;
using PacsViewer.Core.Viewing.Geometry;

namespace PacsViewer.Web.Viewer;

/// <summary>
/// The planes of a viewport's stack (one per image, in the order of <see cref="ViewportStack"/>) and its Frame of
/// Reference: what reference lines and synchronised scrolling need (PS3.3 C.7.6.2 Image Plane, C.7.4.1 Frame of
/// Reference). Images without a usable plane (no position, orientation or Pixel Spacing) have a null plane.
/// </summary>
public sealed class StackGeometry
{
    /// <summary>Normals closer than this (cosine of the angle) are parallel: the stacks can be scrolled together.</summary>
    public const double ParallelCosine = 0.9962; // 5 degrees

    private readonly ImagePlane?[] _planes;
    private readonly string[] _images;

    private StackGeometry(string? frameOfReferenceUid, ImagePlane?[] planes, string[] images)
    {
        FrameOfReferenceUid = string.IsNullOrEmpty(frameOfReferenceUid) ? null : frameOfReferenceUid;
        _planes = planes;
        _images = images;
        Normal = planes.FirstOrDefault(p => p is not null)?.Normal;
        var distances = Normal is { } n ? planes.Where(p => p is not null).Select(p => n.Dot(p!.Position)).Order().ToArray() : [];
        var gaps = distances.Zip(distances.Skip(1), (a, b) => b - a).Where(g => g > 1e-3).ToArray();
        SliceSpacing = gaps.Length == 0 ? null : gaps.Min();
    }

    public string? FrameOfReferenceUid { get; }

    /// <summary>The normal of the first image with a plane, null when none has one.</summary>
    public Vector3D? Normal { get; }

    /// <summary>The smallest distance between slices along <see cref="Normal"/>, null with fewer than two distinct positions.</summary>
    public double? SliceSpacing { get; }

    public int Count => _planes.Length;

    /// <summary>The geometry of a series shown as <see cref="ViewportStack.For"/> lays it out (each frame one image).</summary>
    public static StackGeometry For(SeriesModel series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var planes = new List<ImagePlane?>();
        var images = new List<string>();
        // Each frame its own plane: a single-frame instance's, or an enhanced frame's functional groups (PS3.3 C.7.6.16).
        foreach (var image in StackOrder.Images(series.Instances, ViewportStack.MaxImages))
        {
            planes.Add(ImagePlane.FromStackImage(image));
            images.Add(ImageKey(image.Instance.SopInstanceUid, image.Frame));
        }
        return new StackGeometry(series.FrameOfReferenceUid, [.. planes], [.. images]);
    }

    /// <summary>The plane of image <paramref name="index"/>, null when out of range or unknown.</summary>
    public ImagePlane? PlaneAt(int index) => index >= 0 && index < _planes.Length ? _planes[index] : null;

    /// <summary>"SOP:frame" of image <paramref name="index"/> (as the canvas's data-frame), null when out of range.</summary>
    public string? ImageAt(int index) => index >= 0 && index < _images.Length ? _images[index] : null;

    public static string ImageKey(string sopInstanceUid, int frame) => $"{sopInstanceUid}:{frame}";

    /// <summary>True when both stacks are in the same Frame of Reference (so their coordinates compare, PS3.3 C.7.4.1.1.1).</summary>
    public bool SharesFrameOfReference(StackGeometry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return FrameOfReferenceUid is not null && FrameOfReferenceUid == other.FrameOfReferenceUid;
    }

    /// <summary>True when both stacks share the Frame of Reference and their normals are parallel (either sense).</summary>
    public bool IsParallelTo(StackGeometry other) =>
        SharesFrameOfReference(other) && Normal is { } a && other.Normal is { } b && Math.Abs(a.Dot(b)) >= ParallelCosine;

    /// <summary>
    /// The image whose plane is nearest to <paramref name="point"/> along this stack's normal, or null when the
    /// nearest is farther than half a slice spacing (the point is outside the stack) or the stack has no geometry.
    /// </summary>
    public int? NearestIndex(Vector3D point)
    {
        if (Normal is not { } normal || SliceSpacing is not { } spacing)
        {
            return null;
        }
        var target = normal.Dot(point);
        int? best = null;
        var bestDistance = double.PositiveInfinity;
        for (var i = 0; i < _planes.Length; i++)
        {
            if (_planes[i] is { } plane)
            {
                var distance = Math.Abs(normal.Dot(plane.Position) - target);
                if (distance < bestDistance)
                {
                    (best, bestDistance) = (i, distance);
                }
            }
        }
        return bestDistance <= spacing / 2 + 1e-6 ? best : null;
    }
}
