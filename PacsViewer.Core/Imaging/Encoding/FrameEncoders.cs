namespace PacsViewer.Core.Imaging.Encoding;

/// <summary>The encoder for each <see cref="ImageFormat"/>. Encoders are stateless and thread-safe.</summary>
public static class FrameEncoders
{
    private static readonly IFrameEncoder Png = new PngFrameEncoder();
    private static readonly IFrameEncoder Jpeg = new JpegFrameEncoder();

    public static IFrameEncoder For(ImageFormat format) => format switch
    {
        ImageFormat.Png => Png,
        ImageFormat.Jpeg => Jpeg,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown image format"),
    };
}
