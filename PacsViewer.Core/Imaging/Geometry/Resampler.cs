using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace PacsViewer.Core.Imaging.Geometry;

/// <summary>
/// Resamples a region of an 8-bit image (1 or 3 interleaved channels) to a target size, separably: a vertical pass
/// per output row that adds whole weighted source rows (SIMD, <see cref="Vector{T}"/>) into a pooled row of
/// integers, then a horizontal pass over that row with each output pixel's taps as spans. Weights are fixed point
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
            var regionOffset = region.X * channels;
            for (var y = 0; y < height; y++)
            {
                // Vertical pass over the region's columns: one weighted row at a time, vectorised.
                int vStart = vertical.Start[y], vCount = vertical.Count[y], vOffset = vertical.Offset[y];
                for (var k = 0; k < vCount; k++)
                {
                    var src = source.Slice((vStart + k) * stride + regionOffset, rowLength);
                    AccumulateRow(src, tmp, vertical.Weights[vOffset + k], first: k == 0);
                }
                ScaleDown(tmp);

                // Horizontal pass.
                var dst = destination.Slice(y * rowBytes, rowBytes);
                if (channels == 1)
                {
                    HorizontalGrey(tmp, dst, horizontal, region.X);
                }
                else
                {
                    HorizontalRgb(tmp, dst, horizontal, region.X);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(row);
        }
    }

    /// <summary><paramref name="sum"/>[i] (+)= <paramref name="src"/>[i] x <paramref name="weight"/>, Vector&lt;T&gt; wide.</summary>
    private static void AccumulateRow(ReadOnlySpan<byte> src, Span<int> sum, int weight, bool first)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && src.Length >= Vector<byte>.Count)
        {
            var w = new Vector<int>(weight);
            var ints = Vector<int>.Count;
            var sums = MemoryMarshal.Cast<int, Vector<int>>(sum);
            for (; i <= src.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                // byte -> ushort -> int widening keeps element order: lanes [0,ints), [ints,2ints), ...
                Vector.Widen(new Vector<byte>(src[i..]), out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                var v = i / ints;
                if (first)
                {
                    sums[v] = Vector.AsVectorInt32(a) * w;
                    sums[v + 1] = Vector.AsVectorInt32(b) * w;
                    sums[v + 2] = Vector.AsVectorInt32(c) * w;
                    sums[v + 3] = Vector.AsVectorInt32(d) * w;
                }
                else
                {
                    sums[v] += Vector.AsVectorInt32(a) * w;
                    sums[v + 1] += Vector.AsVectorInt32(b) * w;
                    sums[v + 2] += Vector.AsVectorInt32(c) * w;
                    sums[v + 3] += Vector.AsVectorInt32(d) * w;
                }
            }
        }
        if (first)
        {
            for (; i < src.Length; i++)
            {
                sum[i] = src[i] * weight;
            }
        }
        else
        {
            for (; i < src.Length; i++)
            {
                sum[i] += src[i] * weight;
            }
        }
    }

    /// <summary>Rounds the vertical sums from value x 2^14 down to value x 2^8.</summary>
    private static void ScaleDown(Span<int> sum)
    {
        var i = 0;
        const int Half = 1 << (VerticalShift - 1);
        if (Vector.IsHardwareAccelerated)
        {
            var sums = MemoryMarshal.Cast<int, Vector<int>>(sum);
            var half = new Vector<int>(Half);
            for (var v = 0; v < sums.Length; v++)
            {
                sums[v] = Vector.ShiftRightArithmetic(sums[v] + half, VerticalShift);
            }
            i = sums.Length * Vector<int>.Count;
        }
        for (; i < sum.Length; i++)
        {
            sum[i] = (sum[i] + Half) >> VerticalShift;
        }
    }

    private static void HorizontalGrey(ReadOnlySpan<int> row, Span<byte> dst, in AxisContributions horizontal, int regionX)
    {
        var weights = horizontal.Weights;
        var starts = horizontal.Start;
        var counts = horizontal.Count;
        var offsets = horizontal.Offset;
        for (var x = 0; x < dst.Length; x++)
        {
            // Start - regionX + Count <= region width and Offset + Count <= weights used (AxisContributions):
            // the slices below check that once per output pixel, the tap loop then runs unchecked.
            var count = counts[x];
            var taps = row.Slice(starts[x] - regionX, count);
            var w = weights.AsSpan(offsets[x], count);
            var acc = 1 << (FinalShift - 1);
            for (var t = 0; t < taps.Length && t < w.Length; t++)
            {
                acc += w[t] * taps[t];
            }
            var v = acc >> FinalShift;
            dst[x] = (byte)(v > 255 ? 255 : v);
        }
    }

    private static void HorizontalRgb(ReadOnlySpan<int> row, Span<byte> dst, in AxisContributions horizontal, int regionX)
    {
        const int Channels = 3;
        var weights = horizontal.Weights;
        var width = dst.Length / Channels;
        for (var x = 0; x < width; x++)
        {
            var count = horizontal.Count[x];
            var taps = row.Slice((horizontal.Start[x] - regionX) * Channels, count * Channels);
            var w = weights.AsSpan(horizontal.Offset[x], count);
            int r = 1 << (FinalShift - 1), g = r, b = r;
            for (int t = 0, p = 0; t < w.Length && p + 2 < taps.Length; t++, p += Channels)
            {
                var weight = w[t];
                r += weight * taps[p];
                g += weight * taps[p + 1];
                b += weight * taps[p + 2];
            }
            var o = x * Channels;
            dst[o] = Clamp(r >> FinalShift);
            dst[o + 1] = Clamp(g >> FinalShift);
            dst[o + 2] = Clamp(b >> FinalShift);
        }
    }

    private static byte Clamp(int value) => (byte)(value > 255 ? 255 : value);
}
