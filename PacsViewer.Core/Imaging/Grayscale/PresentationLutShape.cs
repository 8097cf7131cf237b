namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>Presentation LUT Shape (2050,0020), PS3.3 C.11.6.1.</summary>
public enum PresentationLutShape
{
    /// <summary>Output is in P-Values as is: higher values are brighter.</summary>
    Identity,

    /// <summary>Output is inverted: higher values are darker (what MONOCHROME1 means, PS3.3 C.7.6.3.1.2).</summary>
    Inverse,
}
