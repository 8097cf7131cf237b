using System.Buffers;

namespace PacsViewer.Core.Imaging.Overlays;

/// <summary>
/// Burns overlay planes into an 8-bit image of the frame's own size (before geometry, so overlays follow the region,
/// zoom, rotation and flips of the image): overlay pixels become the given colour, in Replace mode (PS3.3 C.9.2:
/// overlay pixels take the presentation's foreground value, here the display maximum).
/// </summary>
public static class OverlayRenderer
{
    /// <summary>
    /// Paints every plane of <paramref name="planes"/> that covers <paramref name="frame"/> onto <paramref name="image"/>
    /// (Rows x Columns x <paramref name="channels"/> bytes). <paramref name="colour"/> has one byte per channel.
    /// </summary>
    public static void Draw(IReadOnlyList<OverlayPlane> planes, DecodedFrame frame, Span<byte> image, int channels, ReadOnlySpan<byte> colour)
    {
        ArgumentNullException.ThrowIfNull(planes);
        ArgumentNullException.ThrowIfNull(frame);
        if (colour.Length != channels)
        {
            throw new ArgumentException($"colour has {colour.Length} components, the image {channels} channels", nameof(colour));
        }
        if (planes.Count == 0)
        {
            return;
        }
        var pixels = checked((int)frame.Info.PixelCount);
        if (image.Length < (long)pixels * channels)
        {
            throw new ArgumentException($"image holds {image.Length} bytes, {(long)pixels * channels} needed", nameof(image));
        }
        var buffer = ArrayPool<byte>.Shared.Rent(pixels);
        try
        {
            var mask = buffer.AsSpan(0, pixels);
            mask.Clear();
            foreach (var plane in planes)
            {
                plane.Mark(frame, mask);
            }
            for (var i = 0; i < pixels; i++)
            {
                if (mask[i] != 0)
                {
                    colour.CopyTo(image.Slice(i * channels, channels));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
