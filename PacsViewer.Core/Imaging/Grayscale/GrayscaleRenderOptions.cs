namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>
/// What a grayscale render asks for: the VOI (<see cref="Source"/> with <see cref="Window"/> or <see cref="Index"/>),
/// an optional Presentation LUT Shape overriding the object's, and a user invert applied on top.
/// </summary>
public sealed record GrayscaleRenderOptions
{
    public static readonly GrayscaleRenderOptions Default = new();

    public VoiSource Source { get; init; } = VoiSource.Default;

    /// <summary>The window for <see cref="VoiSource.Window"/>.</summary>
    public WindowLevel? Window { get; init; }

    /// <summary>0-based window or VOI LUT number for <see cref="VoiSource.FileWindow"/> / <see cref="VoiSource.FileVoiLut"/>.</summary>
    public int Index { get; init; }

    /// <summary>
    /// The Presentation LUT Shape to use; null takes the object's: INVERSE for MONOCHROME1 (PS3.3 C.7.6.3.1.2),
    /// else its Presentation LUT Shape (2050,0020), else IDENTITY.
    /// </summary>
    public PresentationLutShape? Shape { get; init; }

    /// <summary>The user's invert: swaps the resulting shape.</summary>
    public bool Invert { get; init; }

    public static GrayscaleRenderOptions ForWindow(double center, double width, VoiLutFunction function = VoiLutFunction.Linear) =>
        new() { Source = VoiSource.Window, Window = new WindowLevel(center, width, function) };

    public static GrayscaleRenderOptions ForFileWindow(int index) => new() { Source = VoiSource.FileWindow, Index = index };

    public static GrayscaleRenderOptions ForFileVoiLut(int index) => new() { Source = VoiSource.FileVoiLut, Index = index };

    public static GrayscaleRenderOptions For(VoiSource source) => new() { Source = source };
}
