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

    /// <summary>Position of an instance along <paramref name="normal"/>, in mm.</summary>
    public static double Distance(InstanceModel instance, Vector3D normal)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var p = instance.ImagePositionPatient!;
        return new Vector3D(p[0], p[1], p[2]).Dot(normal);
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
