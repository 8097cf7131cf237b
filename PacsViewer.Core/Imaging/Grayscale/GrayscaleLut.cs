using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>
/// Modality LUT, VOI LUT and Presentation LUT composed into ONE table from a sample's stored bits to an 8-bit
/// display value, built once per <see cref="GrayscaleLutKey"/> and shared (immutable after construction).
/// <para>
/// Bits Stored up to 16: the table has 2^BitsStored entries indexed by the masked stored bits; signed values are
/// sign-extended while the table is built, so the pixel loop is a shift, a mask and a load.
/// </para>
/// <para>
/// Bits Stored above 16 (32-bit RT Dose and the like): the frame's stored range [min, max] is part of the key. When it
/// spans at most 65,536 values the table is indexed by value - min; otherwise the range is split into 65,536 equal bins
/// (index = (value - min) x 65535 / (max - min) in fixed point) and each bin takes the output at its centre. That
/// approximation is at most half a bin of input, which moves an 8-bit output only for windows narrower than about
/// 256 bins.
/// </para>
/// </summary>
public sealed class GrayscaleLut
{
    private const int WideBins = 65536;

    private readonly byte[] _table;
    private readonly ulong _binMultiplier;
    private readonly bool _binned;

    private GrayscaleLut(GrayscaleLutKey key, byte[] table, ulong binMultiplier, bool binned)
    {
        Key = key;
        _table = table;
        _binMultiplier = binMultiplier;
        _binned = binned;
    }

    public GrayscaleLutKey Key { get; }

    /// <summary>The composed table (index as described on the type).</summary>
    public ReadOnlySpan<byte> Table => _table;

    /// <summary>Bytes held by this table (for cache budgets).</summary>
    public int SizeInBytes => _table.Length;

    /// <summary>Evaluates the three transformations for every table entry.</summary>
    public static GrayscaleLut Build(GrayscaleLutKey key)
    {
        var layout = key.Layout;
        if (layout.IsTableIndexed)
        {
            var table = new byte[1 << layout.BitsStored];
            for (var i = 0; i < table.Length; i++)
            {
                table[i] = Entry(key, layout.StoredValueOfIndex((uint)i));
            }
            return new GrayscaleLut(key, table, 0, false);
        }
        var range = key.WideMax - key.WideMin;
        if (range < 0)
        {
            throw new ArgumentException("the stored range of a wide table is empty", nameof(key));
        }
        if (range < WideBins)
        {
            var table = new byte[range + 1];
            for (var i = 0; i < table.Length; i++)
            {
                table[i] = Entry(key, key.WideMin + i);
            }
            return new GrayscaleLut(key, table, 0, false);
        }
        var binned = new byte[WideBins];
        var binWidth = (double)range / (WideBins - 1);
        for (var i = 0; i < binned.Length; i++)
        {
            var centre = Math.Min(key.WideMin + (i + 0.5) * binWidth, key.WideMax);
            binned[i] = Entry(key, centre);
        }
        // Fixed point: index = ((value - min) * multiplier) >> 32, with (max - min) landing on the last bin.
        var multiplier = (ulong)(((UInt128)(WideBins - 1) << 32) / (ulong)range) + 1;
        return new GrayscaleLut(key, binned, multiplier, true);
    }

    /// <summary>
    /// Maps every sample of <paramref name="pixels"/> (little-endian containers of the key's layout) to
    /// <paramref name="destination"/>, one byte per sample.
    /// </summary>
    public void Apply(ReadOnlySpan<byte> pixels, Span<byte> destination)
    {
        var layout = Key.Layout;
        var count = pixels.Length / layout.BytesPerSample;
        if (destination.Length < count)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, {count} needed", nameof(destination));
        }
        var table = _table.AsSpan();
        var shift = layout.Shift;
        var mask = layout.Mask;
        switch (layout.BitsAllocated)
        {
            case 8:
                for (var i = 0; i < count; i++)
                {
                    destination[i] = table[(int)((uint)(pixels[i] >> shift) & mask)];
                }
                break;
            case 16 when BitConverter.IsLittleEndian:
                Apply16(MemoryMarshal.Cast<byte, ushort>(pixels)[..count], table, shift, mask, destination);
                break;
            case 16:
                for (var i = 0; i < count; i++)
                {
                    destination[i] = table[(int)((uint)(BinaryPrimitives.ReadUInt16LittleEndian(pixels[(i * 2)..]) >> shift) & mask)];
                }
                break;
            default:
                ApplyWide(pixels, destination[..count], table);
                break;
        }
    }

    // The table has mask + 1 entries (checked once here), so the loop loads without bounds checks, four at a time.
    private static void Apply16(ReadOnlySpan<ushort> words, ReadOnlySpan<byte> table, int shift, uint mask, Span<byte> destination)
    {
        if ((uint)table.Length < mask + 1 || destination.Length < words.Length)
        {
            throw new InvalidOperationException("the table does not cover the stored bits");
        }
        ref var t = ref MemoryMarshal.GetReference(table);
        ref var s = ref MemoryMarshal.GetReference(words);
        ref var d = ref MemoryMarshal.GetReference(destination);
        var n = words.Length;
        var i = 0;
        for (; i <= n - 4; i += 4)
        {
            var a = Unsafe.Add(ref t, (nint)((uint)(Unsafe.Add(ref s, i) >> shift) & mask));
            var b = Unsafe.Add(ref t, (nint)((uint)(Unsafe.Add(ref s, i + 1) >> shift) & mask));
            var c = Unsafe.Add(ref t, (nint)((uint)(Unsafe.Add(ref s, i + 2) >> shift) & mask));
            var e = Unsafe.Add(ref t, (nint)((uint)(Unsafe.Add(ref s, i + 3) >> shift) & mask));
            Unsafe.Add(ref d, i) = a;
            Unsafe.Add(ref d, i + 1) = b;
            Unsafe.Add(ref d, i + 2) = c;
            Unsafe.Add(ref d, i + 3) = e;
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref t, (nint)((uint)(Unsafe.Add(ref s, i) >> shift) & mask));
        }
    }

    private void ApplyWide(ReadOnlySpan<byte> pixels, Span<byte> destination, ReadOnlySpan<byte> table)
    {
        var layout = Key.Layout;
        if (layout.IsTableIndexed)
        {
            // 32-bit containers holding at most 16 stored bits: same as the 16-bit loop.
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = table[(int)layout.Index(BinaryPrimitives.ReadUInt32LittleEndian(pixels[(i * 4)..]))];
            }
            return;
        }
        var min = Key.WideMin;
        var max = Key.WideMax;
        var last = table.Length - 1;
        for (var i = 0; i < destination.Length; i++)
        {
            var v = Math.Clamp(layout.StoredValue(BinaryPrimitives.ReadUInt32LittleEndian(pixels[(i * 4)..])), min, max);
            var offset = (ulong)(v - min);
            var index = _binned ? (int)Math.Min((offset * _binMultiplier) >> 32, (ulong)last) : (int)offset;
            destination[i] = table[index];
        }
    }

    /// <summary>
    /// The display value of one stored value: Modality LUT, VOI LUT, Presentation LUT in double precision. Every table
    /// entry is this, and <see cref="LinearVoiKernel"/> falls back to it where single precision cannot decide.
    /// </summary>
    internal static byte Entry(in GrayscaleLutKey key, double stored) =>
        Output(key.Voi.Apply(key.Modality.Apply(stored)), key.Shape == PresentationLutShape.Inverse);

    // PS3.3 C.11.6.1: IDENTITY keeps the VOI output, INVERSE takes its complement; scaled to 0..255 and rounded.
    private static byte Output(double voi, bool invert)
    {
        var y = invert ? 1 - voi : voi;
        return (byte)Math.Clamp((int)Math.Round(y * 255, MidpointRounding.AwayFromZero), 0, 255);
    }
}
