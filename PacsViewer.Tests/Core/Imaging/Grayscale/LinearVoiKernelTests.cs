using System.Runtime.InteropServices;
using PacsViewer.Core.Imaging.Grayscale;

namespace PacsViewer.Tests.Core.Imaging.Grayscale;

public class LinearVoiKernelTests
{
    public static TheoryData<int, int, int, bool> Layouts => new()
    {
        { 8, 8, 7, false },
        { 8, 8, 7, true },
        { 8, 6, 6, true },
        { 16, 12, 11, false },
        { 16, 12, 11, true },
        { 16, 12, 15, true },
        { 16, 10, 9, false },
        { 16, 14, 13, true },
        { 16, 16, 15, false },
        { 16, 16, 15, true },
    };

    // Windows a viewer meets, ones whose outputs land exactly on .5 for many stored values (w - 1 = 2, 400, 510;
    // half-integer centres), tiny and huge widths, and seeded random ones.
    private static IEnumerable<WindowLevel> Windows()
    {
        foreach (var function in new[] { VoiLutFunction.Linear, VoiLutFunction.LinearExact })
        {
            foreach (var (c, w) in new[] { (40.0, 400.0), (40, 401), (127.5, 256), (0, 2), (0, 3), (-600, 1500), (300, 511), (1000.5, 1), (2047, 4096), (32767.5, 65536), (5, 1.5), (12, 1e6) })
            {
                if (new WindowLevel(c, w, function).IsValid)
                {
                    yield return new WindowLevel(c, w, function);
                }
            }
        }
        var random = new Random(20261129);
        for (var i = 0; i < 12; i++)
        {
            var centre = Math.Round((random.NextDouble() * 5000) - 2000, random.Next(0, 3));
            var width = Math.Round(1 + (random.NextDouble() * random.Next(1, 5000)), random.Next(0, 3));
            yield return new WindowLevel(centre, width, i % 3 == 0 ? VoiLutFunction.LinearExact : VoiLutFunction.Linear);
        }
    }

    private static readonly ModalityLut[] Rescales =
    [
        ModalityLut.Identity,
        ModalityLut.Rescale(1, -1024),
        ModalityLut.Rescale(0.5, -3.25),
        ModalityLut.Rescale(-1, 100),
        ModalityLut.Rescale(2.5, 10),
        ModalityLut.Rescale(0.000977, 0),
    ];

    // Every container value the layout can hold (junk bits included), plus a tail that is not a whole vector.
    private static byte[] AllContainers(int bitsAllocated)
    {
        var count = (1 << bitsAllocated) + 13;
        var pixels = new byte[count * (bitsAllocated / 8)];
        if (bitsAllocated == 8)
        {
            for (var i = 0; i < count; i++)
            {
                pixels[i] = (byte)(i * 7);
            }
        }
        else
        {
            var words = MemoryMarshal.Cast<byte, ushort>(pixels.AsSpan());
            for (var i = 0; i < count; i++)
            {
                words[i] = (ushort)(i < 65536 ? i : i * 4099);
            }
        }
        return pixels;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Apply_EveryContainerValueManyWindows_SameBytesAsTable(int bitsAllocated, int bitsStored, int highBit, bool signed)
    {
        var layout = new StoredValueLayout(bitsAllocated, bitsStored, highBit, signed);
        var pixels = AllContainers(bitsAllocated);
        var count = pixels.Length / layout.BytesPerSample;
        var expected = new byte[count];
        var actual = new byte[count];
        var kernels = 0;
        var keys = 0;
        var checkingTies = 0;
        foreach (var modality in Rescales)
        {
            var range = modality.OutputRange(layout.MinStored, layout.MaxStored);
            var vois = Windows().Select(VoiLut.FromWindow).Append(VoiLut.FromRange(range.Min, range.Max));
            foreach (var voi in vois)
            {
                foreach (var shape in new[] { PresentationLutShape.Identity, PresentationLutShape.Inverse })
                {
                    var key = new GrayscaleLutKey(layout, modality, voi, shape);
                    keys++;
                    if (!LinearVoiKernel.TryCreate(key, out var kernel))
                    {
                        continue;
                    }
                    kernels++;
                    checkingTies += kernel.ChecksTies ? 1 : 0;
                    GrayscaleLut.Build(key).Apply(pixels, expected);
                    // The 512-bit loop where the hardware has it, and the 256-bit loop alone.
                    foreach (var allow512 in new[] { true, false })
                    {
                        actual.AsSpan().Fill(0xA5);
                        kernel.Apply(pixels, actual, allow512);
                        var mismatch = expected.AsSpan().CommonPrefixLength(actual);
                        Assert.True(mismatch == count,
                            $"{voi.Window} {modality.Slope}/{modality.Intercept} {shape} (512-bit {allow512}, ties checked {kernel.ChecksTies}): sample {mismatch} is {(mismatch < count ? actual[mismatch] : 0)}, the table gives {(mismatch < count ? expected[mismatch] : 0)}");
                    }
                }
            }
        }
        // Only width-1 LINEAR windows and windows far beyond single precision may go to the table.
        Assert.True(kernels >= keys * 8 / 10, $"the kernel took {kernels} of {keys} keys");
        // Both loops are exercised: with the per-lane tie test and without it (no stored value near a tie).
        Assert.InRange(checkingTies, 1, kernels - 1);
    }

    [Fact]
    public void TryCreate_SigmoidVoiLutOrModalityLutOrWideSamples_UsesTable()
    {
        var layout = new StoredValueLayout(16, 12, 11, false);
        var table = new LookupTableData(0, 12, [0, 100, 4095]);
        var window = VoiLut.FromWindow(new WindowLevel(40, 400));

        Assert.False(LinearVoiKernel.TryCreate(new GrayscaleLutKey(layout, ModalityLut.Identity, VoiLut.FromWindow(new WindowLevel(40, 400, VoiLutFunction.Sigmoid)), PresentationLutShape.Identity), out _));
        Assert.False(LinearVoiKernel.TryCreate(new GrayscaleLutKey(layout, ModalityLut.Identity, VoiLut.FromTable(table), PresentationLutShape.Identity), out _));
        Assert.False(LinearVoiKernel.TryCreate(new GrayscaleLutKey(layout, ModalityLut.FromLut(table), window, PresentationLutShape.Identity), out _));
        Assert.False(LinearVoiKernel.TryCreate(new GrayscaleLutKey(new StoredValueLayout(32, 32, 31, false), ModalityLut.Identity, window, PresentationLutShape.Identity, 0, 100), out _));
        Assert.False(LinearVoiKernel.TryCreate(new GrayscaleLutKey(layout, ModalityLut.Identity, VoiLut.FromWindow(new WindowLevel(40, 1)), PresentationLutShape.Identity), out _));
        Assert.True(LinearVoiKernel.TryCreate(new GrayscaleLutKey(layout, ModalityLut.Identity, window, PresentationLutShape.Identity), out _));
    }
}
