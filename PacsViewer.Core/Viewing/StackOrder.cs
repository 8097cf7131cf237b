using PacsViewer.Core.Viewing.Geometry;

namespace PacsViewer.Core.Viewing;

/// <summary>
/// The display order of an image series. When every instance has a position and all share one orientation, they are
/// ordered by their distance along the slice normal (row x column direction, PS3.3 C.7.6.2.1.1: the projection of
/// Image Position (Patient) on the normal), so scrolling moves steadily through the patient whatever order the files
/// came in; otherwise by Instance Number (PS3.3 C.7.6.1.1.1). Ties keep Instance Number, then SOP Instance UID order.
/// </summary>
public static class StackOrder
{
    /// <summary>Direction cosines differing by more than this are different orientations.</summary>
    public const double OrientationTolerance = 1e-4;

    public static IReadOnlyList<InstanceModel> Order(IReadOnlyList<InstanceModel> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var byNumber = instances
            .OrderBy(i => i.InstanceNumber ?? int.MaxValue)
            .ThenBy(i => i.SopInstanceUid, StringComparer.Ordinal)
            .ToList();
        if (Normal(instances) is not { } normal)
        {
            return byNumber;
        }
        // OrderBy is stable: equal distances keep Instance Number order.
        return byNumber
            .OrderBy(i => Distance(i, normal))
            .ToList();
    }

    /// <summary>
    /// The images of a series in display order, each frame of a multi-frame instance one image (at most
    /// <paramref name="maxImages"/>): the instances in their order, frame by frame; then, when every image has a
    /// position and all share one orientation (per-frame functional groups of enhanced images, PS3.3 C.7.6.16), sorted
    /// by distance along the slice normal (stable, so equal positions keep that order).
    /// </summary>
    public static IReadOnlyList<StackImage> Images(IReadOnlyList<InstanceModel> instances, int maxImages)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var images = new List<StackImage>();
        foreach (var instance in instances)
        {
            for (var frame = 1; frame <= Math.Max(1, instance.Frames) && images.Count < maxImages; frame++)
            {
                images.Add(new StackImage(instance, frame, instance.GeometryOf(frame)));
            }
        }
        if (images.Count < 2 || images.All(i => i.Instance.Frames <= 1) || CommonNormal(images) is not { } normal)
        {
            return images;
        }
        return images.OrderBy(i => Distance(i.Geometry.ImagePositionPatient!, normal)).ToList();
    }

    /// <summary>Position of an instance along <paramref name="normal"/>, in mm.</summary>
    public static double Distance(InstanceModel instance, Vector3D normal)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var p = instance.ImagePositionPatient!;
        return new Vector3D(p[0], p[1], p[2]).Dot(normal);
    }

    private static double Distance(IReadOnlyList<double> p, Vector3D normal) => new Vector3D(p[0], p[1], p[2]).Dot(normal);

    /// <summary>The slice normal shared by every image, or null when one lacks a position or orientation, or orientations differ.</summary>
    private static Vector3D? CommonNormal(IReadOnlyList<StackImage> images)
    {
        if (images[0].Geometry.ImageOrientationPatient is not { Count: 6 } first)
        {
            return null;
        }
        foreach (var image in images)
        {
            if (image.Geometry.ImageOrientationPatient is not { Count: 6 } o || image.Geometry.ImagePositionPatient is not { Count: 3 })
            {
                return null;
            }
            for (var k = 0; k < 6; k++)
            {
                if (Math.Abs(o[k] - first[k]) > OrientationTolerance)
                {
                    return null;
                }
            }
        }
        var normal = new Vector3D(first[0], first[1], first[2]).Cross(new Vector3D(first[3], first[4], first[5]));
        return normal.Length > 1e-6 ? normal.Normalize() : null;
    }

    /// <summary>The slice normal shared by every instance, or null when one lacks geometry or orientations differ.</summary>
    public static Vector3D? Normal(IReadOnlyList<InstanceModel> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        if (instances.Count == 0)
        {
            return null;
        }
        if (instances[0].ImageOrientationPatient is not { Count: 6 } first)
        {
            return null;
        }
        foreach (var instance in instances)
        {
            var o = instance.ImageOrientationPatient;
            if (o is not { Count: 6 } || instance.ImagePositionPatient is not { Count: 3 })
            {
                return null;
            }
            for (var k = 0; k < 6; k++)
            {
                if (Math.Abs(o[k] - first[k]) > OrientationTolerance)
                {
                    return null;
                }
            }
        }
        var row = new Vector3D(first[0], first[1], first[2]);
        var column = new Vector3D(first[3], first[4], first[5]);
        var normal = row.Cross(column);
        return normal.Length > 1e-6 ? normal.Normalize() : null;
    }
}
