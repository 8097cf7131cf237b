namespace PacsViewer.Core.Imaging.Geometry;

/// <summary>Clockwise rotation in quarter turns (PS3.3 C.10.6.1.1, Image Rotation).</summary>
public enum Rotation
{
    None = 0,
    Clockwise90 = 90,
    Clockwise180 = 180,
    Clockwise270 = 270,
}
