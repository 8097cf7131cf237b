using System.Buffers.Binary;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Codecs.Jpeg;

namespace PacsViewer.Tests.Core.Codecs.Jpeg;

/// <summary>Damaged or lying JPEG frames end in a <see cref="PixelDataException"/>, never a crash or an overrun.</summary>
public sealed class JpegFrameDecoderHostileInputTests
{
    private const string Lossless = "ct/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm";
    private const string Baseline = "us/IM00001.fragmented_no_bot_jpeg_baseline.50.dcm";
    private const string Extended = "ct/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm";

    private readonly JpegFrameDecoder _decoder = new();

    public static TheoryData<string> Samples() => new() { Lossless, Baseline, Extended };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Decode_TruncatedFrame_ThrowsPixelDataException(string file)
    {
        var error = FrameDecoderAssert.TruncatedThrows(_decoder, file, length => length / 2);

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Decode_SofLargerThanRowsColumns_ThrowsPixelDataException(string file)
    {
        var (jpeg, info) = Frame0(file);
        var shorter = new FrameInfo(info.Rows - 8, info.Columns, info.SamplesPerPixel, info.BitsAllocated, info.BitsStored,
            info.HighBit, info.IsSigned, info.PlanarConfiguration, info.PhotometricInterpretation);

        var error = Assert.Throws<PixelDataException>(() => Decode(jpeg, shorter));

        Assert.Contains("Columns x Rows", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Decode_SofClaims65535By65535_ThrowsBeforeAllocating(string file)
    {
        var (jpeg, info) = Frame0(file);
        var sof = FindStartOfFrame(jpeg);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 65535);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 65535);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        Assert.Throws<PixelDataException>(() => Decode(jpeg, info));

        // Rejected from the header alone: far less than the 4-8 GiB such a frame would need.
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L * 1024 * 1024);
    }

    [Fact]
    public void Decode_LosslessSofSmallerThanRowsColumns_ThrowsPixelDataException()
    {
        var (jpeg, info) = Frame0(Lossless);
        var taller = new FrameInfo(info.Rows + 8, info.Columns, 1, info.BitsAllocated, info.BitsStored, info.HighBit,
            info.IsSigned, 0, info.PhotometricInterpretation);

        Assert.Throws<PixelDataException>(() => Decode(jpeg, taller));
    }

    [Fact]
    public void Decode_ComponentCountDiffersFromSamplesPerPixel_ThrowsPixelDataException()
    {
        var (jpeg, info) = Frame0(Lossless);
        var colour = new FrameInfo(info.Rows, info.Columns, 3, info.BitsAllocated, info.BitsStored, info.HighBit,
            info.IsSigned, 0, "RGB");

        var error = Assert.Throws<PixelDataException>(() => Decode(jpeg, colour));

        Assert.Contains("Samples per Pixel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_PrecisionWiderThanBitsAllocated_ThrowsPixelDataException() =>
        FrameDecoderAssert.NarrowContainerThrows(_decoder, Extended);

    [Fact]
    public void Decode_HierarchicalProcess_ThrowsNotSupported()
    {
        var (jpeg, info) = Frame0(Lossless);
        jpeg[FindStartOfFrame(jpeg) + 1] = 0xC7; // SOF7: differential lossless (hierarchical), T.81 Table B.1

        var error = Assert.Throws<PixelDataException>(() => Decode(jpeg, info));

        Assert.Contains("not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_DestinationOfWrongLength_ThrowsArgumentException() =>
        FrameDecoderAssert.DestinationOfWrongLengthThrows(_decoder, Lossless);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(16)]
    [InlineData(5000)]
    public void Decode_RandomBytes_ThrowsPixelDataException(int length) =>
        FrameDecoderAssert.RandomBytesThrow(_decoder, seed: length, length, new FrameInfo(64, 64, 1, 8, 8, 7, false, 0, "MONOCHROME2"));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Decode_RandomBytesBetweenSoiAndEoi_ThrowsPixelDataException(string file) =>
        FrameDecoderAssert.RandomBytesThrow(_decoder, 7, 4096, Frame0(file).Info, b => (b[0], b[1], b[^2], b[^1]) = (0xFF, 0xD8, 0xFF, 0xD9));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Decode_CorruptedEntropyData_DecodesOrThrowsPixelDataException(string file)
    {
        // Bytes flipped after the headers: each attempt either decodes to some image or reports corrupt data.
        var (original, info) = Frame0(file);
        var headerEnd = FindStartOfScan(original);
        var random = new Random(42);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var jpeg = (byte[])original.Clone();
            for (var k = 0; k < 8; k++)
            {
                jpeg[random.Next(headerEnd, jpeg.Length - 2)] = (byte)random.Next(256);
            }
            try
            {
                Decode(jpeg, info);
            }
            catch (PixelDataException)
            {
            }
        }
    }

    private void Decode(byte[] jpeg, FrameInfo info) => _decoder.Decode(jpeg, info, new byte[info.FrameLength]);

    private static (byte[] Jpeg, FrameInfo Info) Frame0(string file)
    {
        var (info, jpeg) = CodecTestFrames.Frame0(file);
        return (jpeg, info);
    }

    private static int FindStartOfFrame(byte[] jpeg) => FindMarker(jpeg, m => m is 0xC0 or 0xC1 or 0xC3);

    private static int FindStartOfScan(byte[] jpeg) => FindMarker(jpeg, m => m == 0xDA);

    private static int FindMarker(byte[] jpeg, Func<byte, bool> isMarker)
    {
        for (var i = 2; i + 1 < jpeg.Length;)
        {
            Assert.Equal(0xFF, jpeg[i]);
            if (isMarker(jpeg[i + 1]))
            {
                return i;
            }
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }
        throw new InvalidOperationException("marker not found");
    }
}
