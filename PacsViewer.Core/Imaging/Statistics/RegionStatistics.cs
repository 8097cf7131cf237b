using System.Numerics;

namespace PacsViewer.Core.Imaging.Statistics;

/// <summary>
/// Statistics of modality values (PS3.3 C.11.1: output of the Modality LUT / rescale, e.g. Hounsfield units) inside a
/// <see cref="RegionOfInterest"/>. <see cref="StandardDeviation"/> is the population standard deviation (divides by
/// N, as numpy's std with ddof = 0). An empty region has count 0 and NaN values.
/// </summary>
public sealed record RegionStatistics(long PixelCount, double Mean, double StandardDeviation, double Min, double Max)
{
    public static RegionStatistics Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Statistics of modality values already computed (float or double per pixel, rows top to bottom).</summary>
    public static RegionStatistics FromModalityValues<T>(ReadOnlySpan<T> values, int width, int height, RegionOfInterest region)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSize(values.Length, width, height);
        var (firstRow, lastRow) = region.Rows(height);
        long count = 0;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var y = firstRow; y <= lastRow; y++)
        {
            var (first, last) = region.Columns(y, width);
            foreach (var t in values.Slice(y * width + first, Math.Max(0, last - first + 1)))
            {
                var v = double.CreateTruncating(t);
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                count++;
            }
        }
        if (count == 0)
        {
            return Empty;
        }
        // Second pass over deviations from the mean: no cancellation, unlike sum of squares minus squared sum.
        var mean = sum / count;
        double squares = 0;
        for (var y = firstRow; y <= lastRow; y++)
        {
            var (first, last) = region.Columns(y, width);
            foreach (var t in values.Slice(y * width + first, Math.Max(0, last - first + 1)))
            {
                var d = double.CreateTruncating(t) - mean;
                squares += d * d;
            }
        }
        return new RegionStatistics(count, mean, Math.Sqrt(squares / count), min, max);
    }

    /// <summary>
    /// Statistics of stored values mapped by the linear Modality LUT, modality = slope x stored + intercept
    /// (PS3.3 C.11.1.1.2). Sums are exact integers, so the result is exact up to the final division.
    /// </summary>
    public static RegionStatistics FromStoredValues<T>(ReadOnlySpan<T> stored, int width, int height, RegionOfInterest region,
        double rescaleSlope = 1, double rescaleIntercept = 0)
        where T : unmanaged, IBinaryInteger<T>
    {
        CheckSize(stored.Length, width, height);
        var (firstRow, lastRow) = region.Rows(height);
        long count = 0, min = long.MaxValue, max = long.MinValue;
        Int128 sum = 0, squares = 0;
        for (var y = firstRow; y <= lastRow; y++)
        {
            var (first, last) = region.Columns(y, width);
            foreach (var t in stored.Slice(y * width + first, Math.Max(0, last - first + 1)))
            {
                var v = long.CreateTruncating(t);
                sum += v;
                squares += (Int128)v * v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                count++;
            }
        }
        if (count == 0)
        {
            return Empty;
        }
        // Population variance of the stored values: (N sum(v^2) - (sum v)^2) / N^2, exact in 128 bits.
        var numerator = (double)(count * squares - sum * sum);
        var storedMean = (double)sum / count;
        var storedStd = Math.Sqrt(numerator / count / count);
        double lo = rescaleSlope * min + rescaleIntercept, hi = rescaleSlope * max + rescaleIntercept;
        return new RegionStatistics(count, rescaleSlope * storedMean + rescaleIntercept, Math.Abs(rescaleSlope) * storedStd,
            Math.Min(lo, hi), Math.Max(lo, hi));
    }

    private static void CheckSize(int length, int width, int height)
    {
        if (width < 1 || height < 1 || length < (long)width * height)
        {
            throw new ArgumentException($"values hold {length} pixels, fewer than {width} x {height}");
        }
    }
}
