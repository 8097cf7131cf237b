using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PacsViewer.Benchmarks;

/// <summary>
/// A candidate for the 16-bit loop of GrayscaleLut.Apply, measured beside it in <see cref="RenderBenchmarks"/> (not
/// used by Core): the same shift, mask and table load, with the bounds checks lifted out of the loop (checked once:
/// the table has mask + 1 entries) and unrolled by four.
/// </summary>
internal static class LutApplyCandidate
{
    public static void Apply16(ReadOnlySpan<ushort> words, ReadOnlySpan<byte> table, int shift, uint mask, Span<byte> destination)
    {
        if (destination.Length < words.Length || (uint)table.Length < mask + 1)
        {
            throw new ArgumentException("destination or table too short");
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
}
