namespace PacsViewer.Core.Imaging.Encoding;

/// <summary>The PNG row filters <see cref="PngFrameEncoder"/> can apply to every row (PNG 9.2 filter types).</summary>
internal enum PngRowFilter : byte
{
    /// <summary>Type 0: the row as it is.</summary>
    None = 0,

    /// <summary>Type 1: each byte minus the byte one pixel to its left.</summary>
    Sub = 1,

    /// <summary>Type 2: each byte minus the byte above it (the first row as it is).</summary>
    Up = 2,
}
