using System.Buffers;

namespace PacsViewer.Core.Imaging.Geometry;

/// <summary>
/// For one axis of a resample: which source pixels each output pixel reads and with what weights (integers summing
/// to 2^<see cref="WeightBits"/>). Built once per render in doubles; the pixel loops then use integers only.
/// Reduction averages areas (box filter: each output pixel is the mean of the source area it covers, weighted by
/// overlap, so fine patterns turn to their mean grey instead of aliasing); enlargement is bilinear or nearest.
/// Buffers come from the array pool and go back on <see cref="Dispose"/>.
/// </summary>
internal readonly struct AxisContributions : IDisposable
{
    public const int WeightBits = 14;

    public AxisContributions(int sourceStart, int sourceLength, int outputLength, MagnificationFilter magnification)
    {
        Start = ArrayPool<int>.Shared.Rent(outputLength);
        Count = ArrayPool<int>.Shared.Rent(outputLength);
        Offset = ArrayPool<int>.Shared.Rent(outputLength);
        Weights = ArrayPool<int>.Shared.Rent(sourceLength + 2 * outputLength + 1);
        var scale = (double)sourceLength / outputLength;
        var next = 0;
        Span<double> taps = stackalloc double[2];
        for (var i = 0; i < outputLength; i++)
        {
            Offset[i] = next;
            int first, count;
            if (scale >= 1)
            {
                // Area average: output pixel i covers source [i*scale, (i+1)*scale).
                var a = i * scale;
                var b = Math.Min(sourceLength, (i + 1) * scale);
                first = (int)Math.Floor(a);
                var last = Math.Min(sourceLength - 1, (int)Math.Ceiling(b) - 1);
                count = last - first + 1;
                for (var j = 0; j < count; j++)
                {
                    var overlap = Math.Min(b, first + j + 1) - Math.Max(a, first + j);
                    Weights[next + j] = (int)Math.Round(overlap / scale * (1 << WeightBits));
                }
            }
            else if (magnification == MagnificationFilter.NearestNeighbor)
            {
                first = Math.Min(sourceLength - 1, (int)Math.Floor((i + 0.5) * scale));
                count = 1;
                Weights[next] = 1 << WeightBits;
            }
            else
            {
                // Bilinear between the pixel centres either side of the output centre; edges clamp.
                var c = Math.Clamp((i + 0.5) * scale - 0.5, 0, sourceLength - 1);
                first = (int)Math.Floor(c);
                var f = c - first;
                if (first + 1 < sourceLength && f > 0)
                {
                    count = 2;
                    Weights[next] = (int)Math.Round((1 - f) * (1 << WeightBits));
                    Weights[next + 1] = (int)Math.Round(f * (1 << WeightBits));
                }
                else
                {
                    count = 1;
                    Weights[next] = 1 << WeightBits;
                }
            }
            Normalize(Weights.AsSpan(next, count));
            Start[i] = sourceStart + first;
            Count[i] = count;
            next += count;
        }
    }

    /// <summary>First source index (absolute, region offset included) per output index.</summary>
    public int[] Start { get; }

    public int[] Count { get; }

    /// <summary>Where each output index's weights begin in <see cref="Weights"/>.</summary>
    public int[] Offset { get; }

    public int[] Weights { get; }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(Start);
        ArrayPool<int>.Shared.Return(Count);
        ArrayPool<int>.Shared.Return(Offset);
        ArrayPool<int>.Shared.Return(Weights);
    }

    /// <summary>Rounding can leave the sum off by a little: give the difference to the largest weight.</summary>
    private static void Normalize(Span<int> weights)
    {
        var sum = 0;
        var largest = 0;
        for (var j = 0; j < weights.Length; j++)
        {
            sum += weights[j];
            if (weights[j] > weights[largest])
            {
                largest = j;
            }
        }
        weights[largest] += (1 << WeightBits) - sum;
    }
}
