namespace PacsViewer.Core.Imaging.Geometry;

/// <summary>Region, resample, flip and rotate in one call: the geometry half of a server-side render.</summary>
public static class GeometryRenderer
{
    /// <summary>
    /// Renders <paramref name="source"/> (8-bit, 1 or 3 interleaved channels) as <paramref name="options"/> says into a
    /// new pooled image of options.Width x options.Height; the caller disposes it.
    /// </summary>
    public static RenderedImage Render(ReadOnlySpan<byte> source, int width, int height, int channels, GeometryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var region = options.Region ?? new PixelRect(0, 0, width, height);
        var (resampleWidth, resampleHeight) = Orientation.RotatedSize(options.Width, options.Height, options.Rotation);
        var result = RenderedImage.Allocate(options.Width, options.Height, channels);
        try
        {
            if (options.Rotation == Rotation.None && !options.FlipHorizontal && !options.FlipVertical)
            {
                Resampler.Resample(source, width, height, channels, region, result.Pixels, resampleWidth, resampleHeight, options.Magnification);
                return result;
            }
            using var resampled = RenderedImage.Allocate(resampleWidth, resampleHeight, channels);
            Resampler.Resample(source, width, height, channels, region, resampled.Pixels, resampleWidth, resampleHeight, options.Magnification);
            Orientation.Transform(resampled.Pixels, resampleWidth, resampleHeight, channels, options.Rotation,
                options.FlipHorizontal, options.FlipVertical, result.Pixels);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }
}
