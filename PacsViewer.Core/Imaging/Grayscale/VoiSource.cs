namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>Where the VOI transformation of a render comes from.</summary>
public enum VoiSource
{
    /// <summary>The file's first window, else its first VOI LUT, else <see cref="MinMax"/>.</summary>
    Default,

    /// <summary>The file's window number <see cref="GrayscaleRenderOptions.Index"/> (0-based).</summary>
    FileWindow,

    /// <summary>The window given in <see cref="GrayscaleRenderOptions.Window"/> (user window/level).</summary>
    Window,

    /// <summary>The file's VOI LUT Sequence item number <see cref="GrayscaleRenderOptions.Index"/> (0-based).</summary>
    FileVoiLut,

    /// <summary>
    /// A window from the frame: the smallest modality value present maps to black, the largest to white
    /// (center (min + max + 1) / 2, width max - min + 1, LINEAR).
    /// </summary>
    MinMax,

    /// <summary>
    /// As <see cref="MinMax"/>, but ignoring the extreme values: the second smallest and second largest distinct
    /// modality values present (so one padding value or one saturated value does not flatten the image).
    /// </summary>
    MinMaxIgnoringExtremes,

    /// <summary>No VOI: the whole range the modality values can take spreads linearly over the output.</summary>
    None,
}
