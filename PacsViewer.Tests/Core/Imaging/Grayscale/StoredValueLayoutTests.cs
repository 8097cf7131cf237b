using PacsViewer.Core.Imaging.Grayscale;

namespace PacsViewer.Tests.Core.Imaging.Grayscale;

public class StoredValueLayoutTests
{
    [Theory]
    [InlineData(16, 12, 11, false, 0xF123u, 0x123L)] // junk above High Bit is dropped
    [InlineData(16, 12, 11, true, 0x0F0Fu, -241L)] // 0xF0F sign-extended from bit 11
    [InlineData(16, 12, 11, true, 0xF7FFu, 2047L)]
    [InlineData(16, 12, 15, false, 0xABC5u, 0xABCL)] // High Bit 15: the low 4 bits are not stored bits
    [InlineData(16, 16, 15, true, 0x8000u, -32768L)]
    [InlineData(8, 8, 7, true, 0xFFu, -1L)]
    [InlineData(32, 32, 31, true, 0xFFFFFFFEu, -2L)]
    [InlineData(32, 32, 31, false, 0xFFFFFFFEu, 4294967294L)]
    public void StoredValue_Container_MasksAndSignExtendsFromHighBit(int allocated, int stored, int highBit, bool signed, uint container, long expected)
    {
        var layout = new StoredValueLayout(allocated, stored, highBit, signed);

        Assert.Equal(expected, layout.StoredValue(container));
    }

    [Fact]
    public void Constructor_HighBitOutsideContainer_Throws()
    {
        Assert.ThrowsAny<Exception>(() => new StoredValueLayout(16, 12, 16, false));
    }

    public static TheoryData<string> DecodableNativeGrayscale() => GrayscaleRendererDcmtkTests.Files();

    /// <summary>Frame-0 statistics of the masked, sign-extended stored values agree with pydicom's (refs/*.json).</summary>
    [Theory]
    [MemberData(nameof(DecodableNativeGrayscale))]
    public void StoredValue_SampleFrame0_MatchesPydicomStatistics(string file)
    {
        var reference = SampleReference.For(file)?.Frame0();
        Assert.True(reference is not null, $"{file}: reference has no frame0 statistics");
        var (_, frame) = TestFrames.Load(TestFiles.Sample(file));
        using var _ = frame;
        var layout = StoredValueLayout.FromFrameInfo(frame.Info);
        long min = long.MaxValue, max = long.MinValue;
        double sum = 0;
        var pixels = frame.Pixels;
        var size = layout.BytesPerSample;
        for (var i = 0; i + size <= pixels.Length; i += size)
        {
            uint container = size switch
            {
                1 => pixels[i],
                2 => BitConverter.ToUInt16(pixels[i..]),
                _ => BitConverter.ToUInt32(pixels[i..]),
            };
            var v = layout.StoredValue(container);
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
        }
        Assert.Equal(reference.Value.Min, min);
        Assert.Equal(reference.Value.Max, max);
        Assert.Equal(reference.Value.Mean, sum / (pixels.Length / size), 3);
    }
}
