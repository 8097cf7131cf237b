using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>
/// Window/level computed per pixel with <see cref="Vector256{T}"/>, without a table, for the common case: a rescale
/// Modality LUT (PS3.3 C.11.1.1.2), a LINEAR or LINEAR_EXACT window (C.11.2.1.2.1, C.11.2.1.3.2) or the no-VOI range,
/// either presentation shape (C.11.6.1), up to 16 stored bits in 8- or 16-bit containers.
/// <para>
/// In exact arithmetic those three steps are one affine map of the stored value s clamped to [0, 255], so the kernel
/// computes u = (s - s0) x a + b in single precision (b includes the + 0.5 of the rounding; s0 is the stored value
/// at the middle of the window so that |u| stays small where it matters) and truncates the clamped u. The result
/// equals <see cref="GrayscaleLut"/>'s double-precision table entry unless u is within the combined rounding error of
/// both computations (<c>_tolerance</c>) of an integer, i.e. a rounding tie; lanes that close to a tie are
/// recomputed with the table's own scalar code (<see cref="GrayscaleLut.Entry"/>). The output is therefore
/// byte-identical to the table path.
/// </para>
/// </summary>
public readonly partial struct LinearVoiKernel
{
    // Below this the single-precision result cannot be trusted to decide a rounding; such renders use the table.
    private const double MaxTolerance = 1.0 / 64;

    private readonly GrayscaleLutKey _key;
    private readonly float _a;
    private readonly float _b;
    private readonly int _s0;
    private readonly float _tolerance;
    private readonly bool _tiesPossible;

    private LinearVoiKernel(GrayscaleLutKey key, float a, float b, int s0, float tolerance, bool tiesPossible)
    {
        _key = key;
        _a = a;
        _b = b;
        _s0 = s0;
        _tolerance = tolerance;
        _tiesPossible = tiesPossible;
    }

    /// <summary>True when 256-bit vectors run in hardware, so the kernel beats a table.</summary>
    public static bool IsFast => Vector256.IsHardwareAccelerated;

    /// <summary>The key this kernel renders (the same key a table would be built for).</summary>
    public GrayscaleLutKey Key => _key;

    /// <summary>
    /// A kernel for <paramref name="key"/>, or false when the key needs the table: a Modality LUT Sequence, a VOI LUT
    /// Sequence, SIGMOID, a LINEAR window of width 1, more than 16 stored bits or 32-bit containers, a window so far
    /// from the stored range that single precision cannot decide the rounding, or a big-endian machine. Without
    /// 256-bit vector hardware the kernel still gives the same bytes, only slowly (<see cref="IsFast"/>).
    /// </summary>
    public static bool TryCreate(GrayscaleLutKey key, out LinearVoiKernel kernel)
    {
        kernel = default;
        var layout = key.Layout;
        var modality = key.Modality;
        if (!BitConverter.IsLittleEndian || !layout.IsTableIndexed || layout.BitsAllocated > 16 || modality.Lut is not null)
        {
            return false;
        }
        // VOI output y = x p + q before clamping to [0, 1].
        double p, q;
        var voi = key.Voi;
        if (voi.Window is { } w)
        {
            switch (w.Function)
            {
                case VoiLutFunction.Linear when w.Width > 1:
                    // PS3.3 C.11.2.1.2.1: y = (x - (c - 0.5)) / (w - 1) + 0.5
                    p = 1 / (w.Width - 1);
                    q = 0.5 - ((w.Center - 0.5) / (w.Width - 1));
                    break;
                case VoiLutFunction.LinearExact:
                    // PS3.3 C.11.2.1.3.2: y = (x - c) / w + 0.5
                    p = 1 / w.Width;
                    q = 0.5 - (w.Center / w.Width);
                    break;
                default:
                    return false;
            }
        }
        else if (voi.Table is null && voi.RangeMax > voi.RangeMin)
        {
            p = 1 / (voi.RangeMax - voi.RangeMin);
            q = -voi.RangeMin / (voi.RangeMax - voi.RangeMin);
        }
        else
        {
            return false;
        }
        // x = slope s + intercept (PS3.3 C.11.1.1.2), so 255 y = 255 (slope p) s + 255 (intercept p + q).
        var gain = 255 * modality.Slope * p;
        var offset = 255 * ((modality.Intercept * p) + q);
        if (!double.IsFinite(gain) || !double.IsFinite(offset) || gain == 0)
        {
            return false;
        }
        var invert = key.Shape == PresentationLutShape.Inverse;
        var s0 = (long)Math.Round(Math.Clamp((127.5 - offset) / gain, layout.MinStored, layout.MaxStored));
        var b = (gain * s0) + offset;
        var a = gain;
        if (invert)
        {
            // PS3.3 C.11.6.1 INVERSE: 255 (1 - y)
            a = -a;
            b = 255 - b;
        }
        b += 0.5;
        // Error of u where it can decide a rounding (u in [0, 256]): a, b and the fused multiply-add each round once in
        // single precision (|(s - s0) a| <= 256 + |b| there), plus the double-precision error of both a and b and of
        // the table's own evaluation (bounded generously by 2^-46 of the terms' magnitudes).
        var maxAbsStored = Math.Max(Math.Abs(layout.MinStored), Math.Abs(layout.MaxStored));
        var terms = 255 * ((Math.Abs(modality.Slope * p) * maxAbsStored) + Math.Abs(modality.Intercept * p) + Math.Abs(q) + 1);
        var tolerance = (Math.ScaleB(1, -23) * ((2 * (256 + Math.Abs(b))) + 256)) + (Math.ScaleB(1, -46) * terms);
        if (!(tolerance < MaxTolerance))
        {
            return false;
        }
        kernel = new LinearVoiKernel(key, (float)a, (float)b, (int)s0, (float)tolerance, TiesPossible(layout, a, b, s0, tolerance));
        return true;
    }

    /// <summary>
    /// Whether any stored value of the layout maps to within twice the tolerance of an integer in 1..255 (computed in
    /// double precision, whose own error is far below the tolerance). When none does, no lane can ever be near a tie,
    /// so the kernel skips the tie test; the output is the same either way. u(s) is monotonic in s, so for each
    /// integer k only the two stored values around u = k (or the range's end nearest to it) need checking.
    /// </summary>
    private static bool TiesPossible(StoredValueLayout layout, double a, double b, long s0, double tolerance)
    {
        for (var k = 1; k <= 255; k++)
        {
            var at = s0 + ((k - b) / a);
            if (Near(Math.Floor(at), k) || Near(Math.Ceiling(at), k))
            {
                return true;
            }
        }
        return false;

        bool Near(double s, int k)
        {
            s = Math.Clamp(s, layout.MinStored, layout.MaxStored);
            return Math.Abs(((s - s0) * a) + b - k) < (2 * tolerance) + 1e-9;
        }
    }

    /// <summary>True when this kernel checks each lane for a rounding tie (some stored value maps close to one).</summary>
    internal bool ChecksTies => _tiesPossible;

    /// <summary>
    /// Maps every sample of <paramref name="pixels"/> (little-endian containers of the key's layout) to
    /// <paramref name="destination"/>, one byte per sample; the same bytes as <see cref="GrayscaleLut.Apply"/>.
    /// </summary>
    public void Apply(ReadOnlySpan<byte> pixels, Span<byte> destination) => Apply(pixels, destination, Vector512.IsHardwareAccelerated);

    /// <summary>The same, with the 512-bit loop allowed or not (tests run both).</summary>
    internal void Apply(ReadOnlySpan<byte> pixels, Span<byte> destination, bool allow512)
    {
        var layout = _key.Layout;
        var count = pixels.Length / layout.BytesPerSample;
        if (destination.Length < count)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, {count} needed", nameof(destination));
        }
        int done;
        if (layout.BitsAllocated == 8)
        {
            done = allow512 ? Apply8x512(pixels[..count], destination) : 0;
            done = Apply8(pixels[..count], destination, done);
        }
        else
        {
            var words = MemoryMarshal.Cast<byte, ushort>(pixels[..(count * 2)]);
            done = allow512 ? Apply16x512(words, destination) : 0;
            done = Apply16(words, destination, done);
        }
        for (var i = done; i < count; i++)
        {
            destination[i] = Exact(layout.BitsAllocated == 8 ? pixels[i] : MemoryMarshal.Cast<byte, ushort>(pixels)[i]);
        }
    }

    private int Apply8(ReadOnlySpan<byte> source, Span<byte> destination, int i)
    {
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var n = source.Length - Vector256<byte>.Count;
        for (; i <= n; i += Vector256<byte>.Count)
        {
            var (w0, w1) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
            Block(w0, w1, ref dst, i);
        }
        return i;
    }

    private int Apply16(ReadOnlySpan<ushort> source, Span<byte> destination, int i)
    {
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var n = source.Length - Vector256<byte>.Count;
        for (; i <= n; i += Vector256<byte>.Count)
        {
            var w0 = Vector256.LoadUnsafe(ref src, (nuint)i);
            var w1 = Vector256.LoadUnsafe(ref src, (nuint)(i + Vector256<ushort>.Count));
            Block(w0, w1, ref dst, i);
        }
        return i;
    }

    // 32 samples: four lanes of eight through the affine map, narrowed to 32 bytes; near-tie lanes redone exactly.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Block(Vector256<ushort> w0, Vector256<ushort> w1, ref byte dst, int i)
    {
        var (c0, c1) = Vector256.Widen(w0);
        var (c2, c3) = Vector256.Widen(w1);
        var u0 = Map(c0);
        var u1 = Map(c1);
        var u2 = Map(c2);
        var u3 = Map(c3);
        var bytes = Vector256.Narrow(
            Vector256.Narrow(Vector256.ConvertToInt32(u0).AsUInt32(), Vector256.ConvertToInt32(u1).AsUInt32()),
            Vector256.Narrow(Vector256.ConvertToInt32(u2).AsUInt32(), Vector256.ConvertToInt32(u3).AsUInt32()));
        bytes.StoreUnsafe(ref dst, (nuint)i);
        if (!_tiesPossible)
        {
            return;
        }
        var tolerance = Vector256.Create(_tolerance);
        var near = Vector256.Min(Vector256.Min(TieDistance(u0), TieDistance(u1)), Vector256.Min(TieDistance(u2), TieDistance(u3)));
        if (Vector256.LessThanAny(near, tolerance))
        {
            FixTies(u0, c0, ref dst, i, tolerance);
            FixTies(u1, c1, ref dst, i + 8, tolerance);
            FixTies(u2, c2, ref dst, i + 16, tolerance);
            FixTies(u3, c3, ref dst, i + 24, tolerance);
        }
    }

    // u = (s - s0) a + b clamped to [0.25, 255.75]: truncation then gives 0..255, and the clamp takes ties at 0 and 256
    // (which round to the same clamped output either way) out of the tie test.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<float> Map(Vector256<uint> containers)
    {
        var layout = _key.Layout;
        // PS3.5 8.1.1: the stored bits end at High Bit; shift them to the top, then back down (arithmetic when signed).
        var up = Vector256.ShiftLeft(containers, 31 - layout.HighBit);
        var down = 32 - layout.BitsStored;
        var stored = layout.IsSigned ? Vector256.ShiftRightArithmetic(up.AsInt32(), down) : Vector256.ShiftRightLogical(up, down).AsInt32();
        var x = Vector256.ConvertToSingle(stored - Vector256.Create(_s0));
        var u = Vector256.FusedMultiplyAdd(x, Vector256.Create(_a), Vector256.Create(_b));
        return Vector256.Min(Vector256.Max(u, Vector256.Create(0.25f)), Vector256.Create(255.75f));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> TieDistance(Vector256<float> u) => Vector256.Abs(u - Vector256.Round(u));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FixTies(Vector256<float> u, Vector256<uint> containers, ref byte dst, int i, Vector256<float> tolerance)
    {
        var lanes = Vector256.LessThan(TieDistance(u), tolerance).ExtractMostSignificantBits();
        while (lanes != 0)
        {
            var lane = System.Numerics.BitOperations.TrailingZeroCount(lanes);
            Unsafe.Add(ref dst, i + lane) = Exact(containers.GetElement(lane));
            lanes &= lanes - 1;
        }
    }

    private byte Exact(uint container) => GrayscaleLut.Entry(_key, _key.Layout.StoredValue(container));
}
