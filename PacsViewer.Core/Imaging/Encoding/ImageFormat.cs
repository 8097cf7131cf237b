namespace PacsViewer.Core.Imaging.Encoding;

/// <summary>Output formats of a rendered frame.</summary>
public enum ImageFormat
{
    /// <summary>Lossless; for a settled view.</summary>
    Png,

    /// <summary>Lossy at a chosen quality; for interaction.</summary>
    Jpeg,
}
