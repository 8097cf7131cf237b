namespace PacsViewer.Core.Imaging.Geometry;

/// <summary>
/// Flips then rotates an 8-bit image (PS3.3 C.10.6.1.1: a horizontal flip is applied before the rotation).
/// Each destination index is an affine function of the source column and row, so the loop only adds.
/// </summary>
public static class Orientation
{
    /// <summary>Width and height after <paramref name="rotation"/>.</summary>
    public static (int Width, int Height) RotatedSize(int width, int height, Rotation rotation) =>
        rotation is Rotation.Clockwise90 or Rotation.Clockwise270 ? (height, width) : (width, height);

    public static void Transform(ReadOnlySpan<byte> source, int width, int height, int channels, Rotation rotation,
        bool flipHorizontal, bool flipVertical, Span<byte> destination)
    {
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), "channels must be 1 or 3");
        }
        if (rotation is not (Rotation.None or Rotation.Clockwise90 or Rotation.Clockwise180 or Rotation.Clockwise270))
        {
            throw new ArgumentOutOfRangeException(nameof(rotation), "rotation must be a quarter turn");
        }
        var length = width * height * channels;
        if (source.Length < length || destination.Length < length)
        {
            throw new ArgumentException("buffers are shorter than the image");
        }
        var outWidth = RotatedSize(width, height, rotation).Width;
        var origin = Index(0, 0);
        var stepX = Index(1, 0) - origin;
        var stepY = Index(0, 1) - origin;
        for (var y = 0; y < height; y++)
        {
            var d = origin + y * stepY;
            var s = y * width;
            if (channels == 1)
            {
                for (var x = 0; x < width; x++, d += stepX)
                {
                    destination[d] = source[s + x];
                }
            }
            else
            {
                for (var x = 0; x < width; x++, d += stepX)
                {
                    var so = (s + x) * 3;
                    var o = d * 3;
                    destination[o] = source[so];
                    destination[o + 1] = source[so + 1];
                    destination[o + 2] = source[so + 2];
                }
            }
        }

        // Destination pixel index of source (x, y); affine in x and y, evaluated only three times.
        int Index(int x, int y)
        {
            var fx = flipHorizontal ? width - 1 - x : x;
            var fy = flipVertical ? height - 1 - y : y;
            var (u, v) = rotation switch
            {
                Rotation.Clockwise90 => (height - 1 - fy, fx),
                Rotation.Clockwise180 => (width - 1 - fx, height - 1 - fy),
                Rotation.Clockwise270 => (fy, width - 1 - fx),
                _ => (fx, fy),
            };
            return v * outWidth + u;
        }
    }
}
