namespace PacsViewer.Core.Viewing.Geometry;

/// <summary>A vector or point in the patient coordinate system (mm, LPS: x to the patient's left, y posterior, z head; PS3.3 C.7.6.2.1.1).</summary>
public readonly record struct Vector3D(double X, double Y, double Z)
{
    public double Length => Math.Sqrt(Dot(this));

    public double Dot(Vector3D other) => X * other.X + Y * other.Y + Z * other.Z;

    public Vector3D Cross(Vector3D other) =>
        new(Y * other.Z - Z * other.Y, Z * other.X - X * other.Z, X * other.Y - Y * other.X);

    /// <summary>This vector scaled to length 1; the zero vector stays zero.</summary>
    public Vector3D Normalize()
    {
        var length = Length;
        return length > 0 ? this * (1 / length) : this;
    }

    public static Vector3D operator +(Vector3D a, Vector3D b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vector3D operator -(Vector3D a, Vector3D b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vector3D operator -(Vector3D a) => new(-a.X, -a.Y, -a.Z);

    public static Vector3D operator *(Vector3D a, double s) => new(a.X * s, a.Y * s, a.Z * s);
}
