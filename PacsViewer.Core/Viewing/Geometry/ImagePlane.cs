using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Viewing.Geometry;

/// <summary>
/// Where an image lies in the patient (PS3.3 C.7.6.2, Image Plane module): <see cref="Position"/> is the centre of the
/// first transmitted pixel (Image Position (Patient)), <see cref="RowDirection"/> the direction of increasing column
/// index and <see cref="ColumnDirection"/> of increasing row index (Image Orientation (Patient)), spacings in mm
/// (Pixel Spacing: row spacing first, then column spacing; PS3.3 10.7.1.3).
/// </summary>
public sealed record ImagePlane(Vector3D Position, Vector3D RowDirection, Vector3D ColumnDirection,
    double RowSpacing, double ColumnSpacing, int Rows, int Columns)
{
    /// <summary>The slice normal, row direction x column direction (PS3.3 C.7.6.2.1.1).</summary>
    public Vector3D Normal => RowDirection.Cross(ColumnDirection).Normalize();

    /// <summary>The patient position of the pixel at column <paramref name="x"/>, row <paramref name="y"/> (index coordinates: 0 is the first pixel's centre).</summary>
    public Vector3D PointAt(double x, double y) => Position + RowDirection * (x * ColumnSpacing) + ColumnDirection * (y * RowSpacing);

    /// <summary>
    /// The plane of an image dataset, or null when Image Position (Patient), Image Orientation (Patient), Pixel
    /// Spacing, Rows or Columns is missing or invalid (zero-length direction cosines, spacing not positive).
    /// </summary>
    public static ImagePlane? FromDataset(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var position = ReadVector(dataset.GetNumbers(DicomTags.ImagePositionPatient).Values, 0);
        var orientation = dataset.GetNumbers(DicomTags.ImageOrientationPatient).Values;
        var spacing = dataset.GetNumbers(DicomTags.PixelSpacing).Values;
        int rows = dataset.GetInt32(DicomTags.Rows, 0), columns = dataset.GetInt32(DicomTags.Columns, 0);
        if (position is null || orientation.Length != 6 || spacing.Length != 2 || rows < 1 || columns < 1
            || !(spacing[0] > 0) || !(spacing[1] > 0))
        {
            return null;
        }
        var row = ReadVector(orientation, 0)!.Value;
        var column = ReadVector(orientation, 3)!.Value;
        if (!(row.Length > 1e-6) || !(column.Length > 1e-6) || !double.IsFinite(spacing[0]) || !double.IsFinite(spacing[1]))
        {
            return null;
        }
        return new ImagePlane(position.Value, row.Normalize(), column.Normalize(), spacing[0], spacing[1], rows, columns);
    }

    /// <summary>The plane of an instance of the study model, or null when it lacks position, orientation or Pixel Spacing.</summary>
    public static ImagePlane? FromInstance(InstanceModel instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.ImagePositionPatient is not { Count: 3 } p || instance.ImageOrientationPatient is not { Count: 6 } o
            || instance.PixelSpacingKind != Viewing.PixelSpacingKind.PixelSpacing || instance.PixelSpacing is not { Count: 2 } s
            || instance.Rows < 1 || instance.Columns < 1)
        {
            return null;
        }
        var row = new Vector3D(o[0], o[1], o[2]);
        var column = new Vector3D(o[3], o[4], o[5]);
        if (!(row.Length > 1e-6) || !(column.Length > 1e-6))
        {
            return null;
        }
        return new ImagePlane(new Vector3D(p[0], p[1], p[2]), row.Normalize(), column.Normalize(), s[0], s[1], instance.Rows, instance.Columns);
    }

    /// <summary>
    /// The plane of one image of a stack (a frame's functional-group geometry, or the instance's), or null when it lacks
    /// position, orientation or Pixel Spacing.
    /// </summary>
    public static ImagePlane? FromStackImage(StackImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var g = image.Geometry;
        if (g.ImagePositionPatient is not { Count: 3 } p || g.ImageOrientationPatient is not { Count: 6 } o || g.PixelSpacing is not { Count: 2 } s
            || image.Instance.Rows < 1 || image.Instance.Columns < 1)
        {
            return null;
        }
        var row = new Vector3D(o[0], o[1], o[2]);
        var column = new Vector3D(o[3], o[4], o[5]);
        if (!(row.Length > 1e-6) || !(column.Length > 1e-6))
        {
            return null;
        }
        return new ImagePlane(new Vector3D(p[0], p[1], p[2]), row.Normalize(), column.Normalize(), s[0], s[1], image.Instance.Rows, image.Instance.Columns);
    }

    /// <summary>Three finite numbers from <paramref name="offset"/>, or null.</summary>
    internal static Vector3D? ReadVector(IReadOnlyList<double> values, int offset)
    {
        if (values.Count < offset + 3)
        {
            return null;
        }
        var v = new Vector3D(values[offset], values[offset + 1], values[offset + 2]);
        return double.IsFinite(v.X) && double.IsFinite(v.Y) && double.IsFinite(v.Z) ? v : null;
    }
}
