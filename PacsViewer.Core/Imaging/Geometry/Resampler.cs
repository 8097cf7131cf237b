using System.Buffers;

namespace PacsViewer.Core.Imaging.Geometry;

/// <summary>
/// Resamples a region of an 8-bit image (1 or 3 interleaved channels) to a target size, separably: a vertical pass
/// per output row into a pooled row of integers, then a horizontal pass. Weights are fixed point
/// (<see cref="AxisContributions"/>), so no floating-point maths or allocation happens per pixel.
/// </summary>
public static class Resampler
{
    // Vertical sums (value x 2^14) are scaled down by 2^6 to value x 2^8, so the horizontal sums
    // (value x 2^8 x 2^14 <= 255 x 2^22) stay inside an int.
    private const int VerticalShift = 6;
    private const int FinalShift = 2 * AxisContributions.WeightBits - VerticalShift;

    public static void Resample(ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, int channels, PixelRect region,
        Span<byte> destination, int width, int height, MagnificationFilter magnification = MagnificationFilter.Bilinear)
    {
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), "channels must be 1 or 3");
        }
        if (!region.FitsIn(sourceWidth, sourceHeight))
        {
            throw new ArgumentOutOfRangeException(nameof(region), $"region {region} is not inside the {sourceWidth} x {sourceHeight} image");
        }
        if (width < 1 || height < 1 || destination.Length < width * height * channels)
        {
            throw new ArgumentOutOfRangeException(nameof(destination), $"destination too small for {width} x {height} x {channels}");
        }
        if (source.Length < sourceWidth * sourceHeight * channels)
        {
            throw new ArgumentOutOfRangeException(nameof(source), "source shorter than its size");
        }
        var stride = sourceWidth * channels;
        var rowBytes = width * channels;
        if (region.Width == width && region.Height == height)
        {
            for (var y = 0; y < height; y++)
            {
                source.Slice((region.Y + y) * stride + region.X * channels, rowBytes).CopyTo(destination.Slice(y * rowBytes, rowBytes));
            }
            return;
        }

        using var horizontal = new AxisContributions(region.X, region.Width, width, magnification);
        using var vertical = new AxisContributions(region.Y, region.Height, height, magnification);
        var rowLength = region.Width * channels;
        var row = ArrayPool<int>.Shared.Rent(rowLength);
        try
        {
            var tmp = row.AsSpan(0, rowLength);
            for (var y = 0; y < height; y++)
            {
                // Vertical pass over the region's columns.
                tmp.Clear();
                int vStart = vertical.Start[y], vCount = vertical.Count[y], vOffset = vertical.Offset[y];
                for (var k = 0; k < vCount; k++)
                {
                    var w = vertical.Weights[vOffset + k];
                    var src = source.Slice((vStart + k) * stride + region.X * channels, rowLength);
                    for (var i = 0; i < src.Length; i++)
                    {
                        tmp[i] += src[i] * w;
                    }
                }
                for (var i = 0; i < tmp.Length; i++)
                {
                    tmp[i] = (tmp[i] + (1 << (VerticalShift - 1))) >> VerticalShift;
                }

                // Horizontal pass.
                var dst = destination.Slice(y * rowBytes, rowBytes);
                for (var x = 0; x < width; x++)
                {
                    int hStart = (horizontal.Start[x] - region.X) * channels, hCount = horizontal.Count[x], hOffset = horizontal.Offset[x];
                    for (var c = 0; c < channels; c++)
                    {
                        var acc = 1 << (FinalShift - 1);
                        for (var t = 0; t < hCount; t++)
                        {
                            acc += horizontal.Weights[hOffset + t] * tmp[hStart + t * channels + c];
                        }
                        var v = acc >> FinalShift;
                        dst[x * channels + c] = (byte)(v > 255 ? 255 : v);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(row);
        }
    }
}
