using PacsViewer.Core.Imaging.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;

namespace PacsViewer.Core.Imaging.Encoding;

/// <summary>
/// Baseline JPEG through ImageSharp 2.1: 8-bit grey as a single luminance component, RGB24 as YCbCr 4:4:4
/// (no chroma subsampling, so thin colour Doppler lines keep their colour). Quality 1-100.
/// </summary>
public sealed class JpegFrameEncoder : IFrameEncoder
{
    public ImageFormat Format => ImageFormat.Jpeg;

    public string MediaType => "image/jpeg";

    public void Encode(RenderedImage image, Stream destination, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var wrapped = ImageSharpFrames.Wrap(image);
        wrapped.Save(destination, Create(image.Channels, quality));
    }

    public async Task EncodeAsync(RenderedImage image, Stream destination, int quality = 90, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var wrapped = ImageSharpFrames.Wrap(image);
        await wrapped.SaveAsync(destination, Create(image.Channels, quality), cancellationToken).ConfigureAwait(false);
    }

    private static JpegEncoder Create(int channels, int quality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        return new JpegEncoder
        {
            Quality = quality,
            ColorType = channels == 1 ? JpegColorType.Luminance : JpegColorType.YCbCrRatio444,
        };
    }
}
