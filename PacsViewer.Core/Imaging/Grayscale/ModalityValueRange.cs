using System.Buffers;
using System.Buffers.Binary;

namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>
/// The modality values present in a frame: smallest, largest, and the second smallest / second largest distinct
/// values (equal to the extremes when fewer than two distinct values exist). Feeds the automatic windows.
/// </summary>
public readonly record struct ModalityValueRange(double Min, double Max, double SecondMin, double SecondMax)
{
    /// <summary>
    /// Scans <paramref name="pixels"/> once. Up to 16 stored bits: marks the stored values present in a pooled table, then
    /// evaluates the Modality LUT once per distinct value. Wider: tracks the stored extremes and maps them through the
    /// (then monotonic) rescale.
    /// </summary>
    public static ModalityValueRange Measure(ReadOnlySpan<byte> pixels, StoredValueLayout layout, ModalityLut modality)
    {
        var count = pixels.Length / layout.BytesPerSample;
        if (count == 0)
        {
            return new ModalityValueRange(0, 0, 0, 0);
        }
        if (layout.IsTableIndexed)
        {
            var size = 1 << layout.BitsStored;
            var present = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                var flags = present.AsSpan(0, size);
                flags.Clear();
                var shift = layout.Shift;
                var mask = layout.Mask;
                for (var i = 0; i < count; i++)
                {
                    uint container = layout.BytesPerSample switch
                    {
                        1 => pixels[i],
                        2 => BinaryPrimitives.ReadUInt16LittleEndian(pixels[(i * 2)..]),
                        _ => BinaryPrimitives.ReadUInt32LittleEndian(pixels[(i * 4)..]),
                    };
                    flags[(int)((container >> shift) & mask)] = 1;
                }
                var tracker = new Tracker();
                for (var i = 0; i < size; i++)
                {
                    if (flags[i] != 0)
                    {
                        tracker.Add(modality.Apply(layout.StoredValueOfIndex((uint)i)));
                    }
                }
                return tracker.Result();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(present);
            }
        }
        var stored = new Tracker();
        for (var i = 0; i < count; i++)
        {
            stored.Add(layout.StoredValue(BinaryPrimitives.ReadUInt32LittleEndian(pixels[(i * 4)..])));
        }
        var s = stored.Result();
        var mapped = new Tracker();
        mapped.Add(modality.Apply(s.Min));
        mapped.Add(modality.Apply(s.Max));
        mapped.Add(modality.Apply(s.SecondMin));
        mapped.Add(modality.Apply(s.SecondMax));
        var m = mapped.Result();
        var lo = modality.Apply(s.SecondMin);
        var hi = modality.Apply(s.SecondMax);
        return new ModalityValueRange(m.Min, m.Max, Math.Min(lo, hi), Math.Max(lo, hi));
    }

    /// <summary>Stored extremes of a frame with more than 16 stored bits (the wide table's key).</summary>
    internal static (long Min, long Max) StoredExtremes(ReadOnlySpan<byte> pixels, StoredValueLayout layout)
    {
        long min = long.MaxValue, max = long.MinValue;
        for (var i = 0; i + 4 <= pixels.Length; i += 4)
        {
            var v = layout.StoredValue(BinaryPrimitives.ReadUInt32LittleEndian(pixels[i..]));
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return min > max ? (0, 0) : (min, max);
    }

    private struct Tracker
    {
        private double _min, _max, _min2, _max2;
        private int _distinct;

        public void Add(double v)
        {
            if (_distinct == 0)
            {
                _min = _max = _min2 = _max2 = v;
                _distinct = 1;
                return;
            }
            if (v < _min)
            {
                _min2 = _min;
                _min = v;
            }
            else if (v > _min && (v < _min2 || _min2 == _min))
            {
                _min2 = v;
            }
            if (v > _max)
            {
                _max2 = _max;
                _max = v;
            }
            else if (v < _max && (v > _max2 || _max2 == _max))
            {
                _max2 = v;
            }
            _distinct++;
        }

        public readonly ModalityValueRange Result() => new(_min, _max, _min2, _max2);
    }
}
