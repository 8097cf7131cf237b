using System.Buffers.Binary;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Codecs.Rle;
using static PacsViewer.Tests.Core.Imaging.PixelTestData;

namespace PacsViewer.Tests.Core.Codecs.Rle;

public sealed class RleDecoderTests
{
    private static readonly RleDecoder Decoder = new();

    private static FrameInfo Info(int rows, int columns, int bits, int samples = 1) =>
        new(rows, columns, samples, bits, bits, bits - 1, false, 0, samples == 1 ? "MONOCHROME2" : "RGB");

    private static byte[] Header(params uint[] offsets)
    {
        var header = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)offsets.Length);
        for (var i = 0; i < offsets.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4 + (i * 4)), offsets[i]);
        }
        return header;
    }

    private static byte[] Decode(byte[] compressed, FrameInfo info)
    {
        var output = new byte[info.PixelCount * info.SamplesPerPixel * info.BytesPerSample];
        Decoder.Decode(compressed, info, output);
        return output;
    }

    [Fact]
    public void Decode_ReplicateAndLiteralRuns_ExpandsAsPs35G31()
    {
        // 8 pixels: replicate 7 three times (-2 = 0xFE), literal 1 2 3 4 5 (header 4), padding.
        byte[] data = [.. Header(64), 0xFE, 7, 0x04, 1, 2, 3, 4, 5];

        Assert.Equal(new byte[] { 7, 7, 7, 1, 2, 3, 4, 5 }, Decode(data, Info(2, 4, 8)));
    }

    [Fact]
    public void Decode_16Bit_MostSignificantSegmentFirstToLittleEndian()
    {
        // Segment 1: high bytes 0x12 0x34; segment 2: low bytes 0x56 0x78.
        byte[] data = [.. Header(64, 68), 0x01, 0x12, 0x34, 0x80, 0x01, 0x56, 0x78, 0x80];

        Assert.Equal(new byte[] { 0x56, 0x12, 0x78, 0x34 }, Decode(data, Info(1, 2, 16)));
    }

    [Fact]
    public void Decode_Rgb8Bit_InterleavesSegments()
    {
        byte[] data = [.. Header(64, 68, 72), 0xFF, 10, 0x80, 0x80, 0x01, 20, 21, 0x80, 0xFF, 30, 0x80, 0x80];

        Assert.Equal(new byte[] { 10, 20, 30, 10, 21, 30 }, Decode(data, Info(1, 2, 8, 3)));
    }

    [Fact]
    public void Decode_32Bit_FourSegmentsMostSignificantFirst()
    {
        byte[] data = [.. Header(64, 66, 68, 70), 0x00, 0xAA, 0x00, 0xBB, 0x00, 0xCC, 0x00, 0xDD];

        Assert.Equal(0xAABBCCDDu, BinaryPrimitives.ReadUInt32LittleEndian(Decode(data, Info(1, 1, 32))));
    }

    [Fact]
    public void Decode_LiteralOnlyEncodingOf16BitRgb_RoundTrips()
    {
        var values = Enumerable.Range(0, 5 * 7 * 3 * 2).Select(i => (byte)(i * 37)).ToArray();

        Assert.Equal(values, Decode(RleFrame(values, 3, 2), Info(5, 7, 16, 3)));
    }

    public static TheoryData<string, byte[]> HostileFrames() => new()
    {
        { "header shorter than 64 bytes", [1, 0, 0, 0, 64, 0, 0, 0] },
        { "segment count 0", [.. Header(), 0xFF, 0] },
        { "segment count 2 for 8-bit grey", [.. Header(64, 66), 0xFD, 1, 0xFD, 2] },
        { "segment count 16", [.. BitConverter.GetBytes(16u), .. new byte[60], 0xFD, 1] },
        { "first offset inside the header", [.. Header(32), 0xFD, 1] },
        { "offset beyond the data", [.. Header(4000), 0xFD, 1] },
        { "segment decodes short", [.. Header(64), 0xFE, 1] },
        { "literal cut by the end", [.. Header(64), 0x03, 1, 2] },
        { "replicate without its byte", [.. Header(64), 0x01, 1, 2, 0xFE] },
    };

    [Theory]
    [MemberData(nameof(HostileFrames))]
    public void Decode_HostileFrame_ThrowsPixelDataException(string what, byte[] data)
    {
        var e = Record.Exception(() => Decode(data, Info(1, 4, 8)));

        Assert.True(e is PixelDataException, $"{what}: {e?.GetType().Name ?? "no exception"}");
    }

    public static TheoryData<string, byte[], byte[]> OverlongFrames() => new()
    {
        { "replicate run longer than the frame", [.. Header(64), 0x81, 9], [9, 9, 9, 9] },
        { "literal run longer than the frame", [.. Header(64), 0x05, 1, 2, 3, 4, 5, 6], [1, 2, 3, 4] },
        { "literal run longer than frame and segment", [.. Header(64), 0x07, 1, 2, 3, 4, 5], [1, 2, 3, 4] },
        { "runs after the frame is complete", [.. Header(64), 0xFD, 1, 0xFD, 2, 0xFD, 3], [1, 1, 1, 1] },
        { "garbage after the frame is complete", [.. Header(64), 0x03, 5, 6, 7, 8, 0x7F, 0x01], [5, 6, 7, 8] },
    };

    [Theory]
    [MemberData(nameof(OverlongFrames))]
    public void Decode_SegmentLongerThanFrame_IgnoresSurplusLikePydicom(string what, byte[] data, byte[] expected)
    {
        Assert.True(expected.SequenceEqual(Decode(data, Info(1, 4, 8))), what);
    }

    [Fact]
    public void Decode_OverlongFirstSegmentOf16Bit_WritesNothingIntoOtherSegmentsBytes()
    {
        // Segment 1 (high bytes) repeats 0xAA 100 times for 2 pixels; segment 2 holds the low bytes 0x01 0x02.
        byte[] data = [.. Header(64, 66), 0x9D, 0xAA, 0x01, 0x01, 0x02, 0x80];

        Assert.Equal(new byte[] { 0x01, 0xAA, 0x02, 0xAA }, Decode(data, Info(1, 2, 16)));
    }

    [Fact]
    public void Decode_ShortSegmentBeforeOverlongOne_ThrowsPixelDataException()
    {
        // 16-bit, 4 pixels: segment 1 gives 2 of 4 high bytes; segment 2's surplus must not make up for it.
        byte[] data = [.. Header(64, 66), 0xFF, 1, 0x81, 2, 0x81, 3];

        var e = Assert.Throws<PixelDataException>(() => Decode(data, Info(1, 4, 16)));

        Assert.Contains("segment 1", e.Message);
    }

    [Fact]
    public void Decode_SecondSegmentOffsetBeforeFirst_ThrowsPixelDataException()
    {
        byte[] data = [.. Header(68, 64), 0xFD, 1, 0x80, 0x80, 0xFD, 2];

        Assert.Throws<PixelDataException>(() => Decode(data, Info(1, 4, 16)));
    }

    [Fact]
    public void Decode_SegmentTruncatedByNextOffset_ThrowsPixelDataException()
    {
        // Segment 1 would need 4 bytes of literal but segment 2 starts after 2.
        byte[] data = [.. Header(64, 66), 0x03, 1, 0xFD, 2];

        Assert.Throws<PixelDataException>(() => Decode(data, Info(1, 4, 16)));
    }

    [Fact]
    public void GetDecodedInfo_PlanarSource_InterleavedSameColour()
    {
        var source = new FrameInfo(2, 2, 3, 8, 8, 7, false, 1, "YBR_FULL");

        var decoded = Decoder.GetDecodedInfo(source);

        Assert.Equal(0, decoded.PlanarConfiguration);
        Assert.Equal("YBR_FULL", decoded.PhotometricInterpretation);
    }
}
