using System.Text;
using PacsViewer.Core.Imaging.Geometry;

namespace PacsViewer.Core.Viewing.Geometry;

/// <summary>
/// The patient directions towards the edges of a displayed image, from Image Orientation (Patient) (PS3.3
/// C.7.6.2.1.1): the row direction points to the right edge, the column direction to the bottom edge, in the patient
/// coordinate system where +x is the patient's left (L), +y posterior (P) and +z head (H). A display flip is applied
/// before the rotation (PS3.3 C.10.6.1.1, as <see cref="Orientation"/> does with the pixels).
/// </summary>
public static class OrientationMarkers
{
    /// <summary>
    /// A secondary letter is shown when its component is at least this fraction of the vector (an oblique image
    /// reads e.g. "LA"); smaller components are noise of the acquisition and are left out.
    /// </summary>
    public const double ObliqueThreshold = 0.25;

    /// <summary>Markers for an image with these direction cosines, shown with the given rotation and flips.</summary>
    public static EdgeMarkers For(Vector3D rowDirection, Vector3D columnDirection, Rotation rotation = Rotation.None,
        bool flipHorizontal = false, bool flipVertical = false)
    {
        if (!(rowDirection.Length > 1e-6) || !(columnDirection.Length > 1e-6))
        {
            return EdgeMarkers.Unknown;
        }
        var right = flipHorizontal ? -rowDirection : rowDirection;
        var down = flipVertical ? -columnDirection : columnDirection;
        // A clockwise quarter turn moves the top edge to the right and the right edge to the bottom.
        var turns = rotation switch
        {
            Rotation.Clockwise90 => 1,
            Rotation.Clockwise180 => 2,
            Rotation.Clockwise270 => 3,
            _ => 0,
        };
        for (var i = 0; i < turns; i++)
        {
            (right, down) = (-down, right);
        }
        return new EdgeMarkers(Letters(-right), Letters(right), Letters(-down), Letters(down));
    }

    /// <summary>Markers from the six values of Image Orientation (Patient); <see cref="EdgeMarkers.Unknown"/> when there are not six finite values.</summary>
    public static EdgeMarkers For(IReadOnlyList<double>? imageOrientationPatient, Rotation rotation = Rotation.None,
        bool flipHorizontal = false, bool flipVertical = false)
    {
        if (imageOrientationPatient is not { Count: 6 }
            || ImagePlane.ReadVector(imageOrientationPatient, 0) is not { } row
            || ImagePlane.ReadVector(imageOrientationPatient, 3) is not { } column)
        {
            return EdgeMarkers.Unknown;
        }
        return For(row, column, rotation, flipHorizontal, flipVertical);
    }

    /// <summary>The letters of a direction, strongest component first.</summary>
    public static string Letters(Vector3D direction)
    {
        var v = direction.Normalize();
        Span<(double Magnitude, char Letter)> parts =
        [
            (Math.Abs(v.X), v.X > 0 ? 'L' : 'R'),
            (Math.Abs(v.Y), v.Y > 0 ? 'P' : 'A'),
            (Math.Abs(v.Z), v.Z > 0 ? 'H' : 'F'),
        ];
        parts.Sort((a, b) => b.Magnitude.CompareTo(a.Magnitude));
        var sb = new StringBuilder(3);
        foreach (var (magnitude, letter) in parts)
        {
            if (magnitude > 1e-6 && (sb.Length == 0 || magnitude >= ObliqueThreshold))
            {
                sb.Append(letter);
            }
        }
        return sb.ToString();
    }
}
