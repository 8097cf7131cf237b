using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>The 512-bit loops of <see cref="LinearVoiKernel"/>: the same arithmetic, 64 samples per step.</summary>
public readonly partial struct LinearVoiKernel
{
    private int Apply8x512(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var n = source.Length - Vector512<byte>.Count;
        var i = 0;
        for (; i <= n; i += Vector512<byte>.Count)
        {
            var (w0, w1) = Vector512.Widen(Vector512.LoadUnsafe(ref src, (nuint)i));
            Block(w0, w1, ref dst, i);
        }
        return i;
    }

    private int Apply16x512(ReadOnlySpan<ushort> source, Span<byte> destination)
    {
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var n = source.Length - Vector512<byte>.Count;
        var i = 0;
        for (; i <= n; i += Vector512<byte>.Count)
        {
            var w0 = Vector512.LoadUnsafe(ref src, (nuint)i);
            var w1 = Vector512.LoadUnsafe(ref src, (nuint)(i + Vector512<ushort>.Count));
            Block(w0, w1, ref dst, i);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Block(Vector512<ushort> w0, Vector512<ushort> w1, ref byte dst, int i)
    {
        var (c0, c1) = Vector512.Widen(w0);
        var (c2, c3) = Vector512.Widen(w1);
        var u0 = Map(c0);
        var u1 = Map(c1);
        var u2 = Map(c2);
        var u3 = Map(c3);
        var bytes = Vector512.Narrow(
            Vector512.Narrow(Vector512.ConvertToInt32(u0).AsUInt32(), Vector512.ConvertToInt32(u1).AsUInt32()),
            Vector512.Narrow(Vector512.ConvertToInt32(u2).AsUInt32(), Vector512.ConvertToInt32(u3).AsUInt32()));
        bytes.StoreUnsafe(ref dst, (nuint)i);
        if (!_tiesPossible)
        {
            return;
        }
        var tolerance = Vector512.Create(_tolerance);
        var near = Vector512.Min(Vector512.Min(TieDistance(u0), TieDistance(u1)), Vector512.Min(TieDistance(u2), TieDistance(u3)));
        if (Vector512.LessThanAny(near, tolerance))
        {
            FixTies(u0, c0, ref dst, i, tolerance);
            FixTies(u1, c1, ref dst, i + 16, tolerance);
            FixTies(u2, c2, ref dst, i + 32, tolerance);
            FixTies(u3, c3, ref dst, i + 48, tolerance);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<float> Map(Vector512<uint> containers)
    {
        var layout = _key.Layout;
        // PS3.5 8.1.1: as in the 256-bit Map.
        var up = Vector512.ShiftLeft(containers, 31 - layout.HighBit);
        var down = 32 - layout.BitsStored;
        var stored = layout.IsSigned ? Vector512.ShiftRightArithmetic(up.AsInt32(), down) : Vector512.ShiftRightLogical(up, down).AsInt32();
        var x = Vector512.ConvertToSingle(stored - Vector512.Create(_s0));
        var u = Vector512.FusedMultiplyAdd(x, Vector512.Create(_a), Vector512.Create(_b));
        return Vector512.Min(Vector512.Max(u, Vector512.Create(0.25f)), Vector512.Create(255.75f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> TieDistance(Vector512<float> u) => Vector512.Abs(u - Vector512.Round(u));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FixTies(Vector512<float> u, Vector512<uint> containers, ref byte dst, int i, Vector512<float> tolerance)
    {
        var lanes = Vector512.LessThan(TieDistance(u), tolerance).ExtractMostSignificantBits();
        while (lanes != 0)
        {
            var lane = System.Numerics.BitOperations.TrailingZeroCount(lanes);
            Unsafe.Add(ref dst, i + lane) = Exact(containers.GetElement(lane));
            lanes &= lanes - 1;
        }
    }
}
