namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>VOI LUT Function (0028,1056), PS3.3 C.11.2.1.3. Absent means <see cref="Linear"/>.</summary>
public enum VoiLutFunction
{
    /// <summary>PS3.3 C.11.2.1.2.1: the default window, with its half-unit offsets.</summary>
    Linear,

    /// <summary>PS3.3 C.11.2.1.3.2: a window without the half-unit offsets.</summary>
    LinearExact,

    /// <summary>PS3.3 C.11.2.1.3.1: a logistic curve through the window center.</summary>
    Sigmoid,
}
