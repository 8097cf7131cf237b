using PacsViewer.Core.Codecs;
using PacsViewer.Core.Codecs.Jpeg2000;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Codecs.Jpeg2000;

public sealed class OpenJpegDecoderTests
{
    private static readonly OpenJpegDecoder Decoder = new();

    public static TheoryData<string> Samples() =>
        CodecTestFrames.DecodableSamples(DicomTransferSyntax.Jpeg2000Lossless.Uid, DicomTransferSyntax.Jpeg2000.Uid);

    [Fact]
    public void Constructor_Default_LoadsOpenJpeg25()
    {
        Assert.True(Decoder.IsAvailable, Decoder.UnavailableReason);
        Assert.StartsWith("OpenJPEG 2.", Decoder.Name, StringComparison.Ordinal);
        Assert.Contains("1.2.840.10008.1.2.4.90", Decoder.TransferSyntaxUids);
        Assert.Contains("1.2.840.10008.1.2.4.91", Decoder.TransferSyntaxUids);
        Assert.DoesNotContain("1.2.840.10008.1.2.4.203", Decoder.TransferSyntaxUids);
    }

    // Lossless (.90) must match exactly. Lossy (.91) is compared exactly as well: its wavelet reconstruction is
    // deterministic in the decoder, the references came from GDCM (built on OpenJPEG) and were cross-checked
    // identical against Pillow's OpenJPEG (max_abs_diff 0), so no tolerance is needed.
    [Theory]
    [MemberData(nameof(Samples))]
    public void Decode_CorpusSample_Frame0MatchesReference(string sample)
    {
        var reference = SampleReference.For(sample)!.Frame0()!.Value;
        var (info, pixels) = CodecTestFrames.Decode(Decoder, TestFiles.Sample(sample));
        var actual = CodecTestFrames.StoredStatistics(info, pixels);
        Assert.Equal(reference.Min, actual.Min);
        Assert.Equal(reference.Max, actual.Max);
        Assert.True(Math.Abs(reference.Mean - actual.Mean) < 1e-5, $"mean {actual.Mean}, reference {reference.Mean}");
    }

    [Theory]
    [InlineData("us/US1_J2KR.dcm")]
    [InlineData("sc/VL1_J2KI.dcm")]
    public void GetDecodedInfo_YbrRctOrIct_IsRgbAsTheReferenceSays(string sample)
    {
        var source = FrameInfo.FromDataset(DicomFile.Open(TestFiles.Sample(sample)).Dataset);
        Assert.StartsWith(Decoder.GetDecodedInfo(source).PhotometricInterpretation, SampleReference.For(sample)!.String("decoded_color_space"), StringComparison.Ordinal);
    }

    [Fact]
    public void GetDecoder_HighThroughputJpeg2000_ThrowsCodecUnavailableNamingHtj2k()
    {
        var file = DicomFile.Open(TestFiles.Sample("sc/HTJ2K_08_RGB.dcm"));
        var registry = new CodecRegistry([Decoder]);
        Assert.False(registry.CanDecode(file.TransferSyntax));
        var ex = Assert.Throws<CodecUnavailableException>(() => registry.GetDecoder(file.TransferSyntax));
        Assert.Equal("1.2.840.10008.1.2.4.203", ex.TransferSyntaxUid);
        Assert.Contains("High-Throughput JPEG 2000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TruncatedCodestream_ThrowsPixelDataExceptionWithOpenJpegMessage()
    {
        var (source, bytes) = Frame0("mr/MR4_J2KR.dcm");
        var ex = Assert.Throws<PixelDataException>(() => Decoder.Decode(bytes.AsSpan(0, bytes.Length / 2), source, new byte[source.FrameLength]));
        Assert.StartsWith("JPEG 2000: OpenJPEG", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("no message from OpenJPEG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MainHeaderOnly_ThrowsPixelDataException()
    {
        var (source, bytes) = Frame0("mr/MR4_J2KR.dcm");
        Assert.Throws<PixelDataException>(() => Decoder.Decode(bytes.AsSpan(0, 60), source, new byte[source.FrameLength]));
    }

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(0, 1, 0)]
    [InlineData(0, 0, 2)]
    public void Decode_DimensionsDifferFromDataset_ThrowsPixelDataException(int extraRows, int extraColumns, int extraSamples)
    {
        var (source, bytes) = Frame0("mr/MR4_J2KR.dcm");
        var wrong = new FrameInfo(source.Rows + extraRows, source.Columns + extraColumns, source.SamplesPerPixel + extraSamples,
            16, 12, 11, false, 0, extraSamples > 0 ? "RGB" : "MONOCHROME2");
        var ex = Assert.Throws<PixelDataException>(() => Decoder.Decode(bytes, wrong, new byte[wrong.FrameLength]));
        Assert.Matches("the dataset says|Samples per Pixel is", ex.Message);
    }

    [Fact]
    public void Decode_SixteenBitCodestreamIntoEightBitContainer_ThrowsPixelDataException()
    {
        var (source, bytes) = Frame0("ct/CT2_J2KI.dcm");
        var narrow = new FrameInfo(source.Rows, source.Columns, 1, 8, 8, 7, false, 0, "MONOCHROME2");
        var ex = Assert.Throws<PixelDataException>(() => Decoder.Decode(bytes, narrow, new byte[narrow.FrameLength]));
        Assert.Contains("Bits Allocated 8", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Decode_RandomBytes_ThrowsPixelDataException(int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        var source = new FrameInfo(64, 64, 1, 16, 12, 11, false, 0, "MONOCHROME2");
        Assert.Throws<PixelDataException>(() => Decoder.Decode(bytes, source, new byte[source.FrameLength]));
        // A valid SOC + SIZ for exactly this image, then random bytes: the check passes and OpenJPEG must fail cleanly.
        var header = Siz(64, 64, [(12, false)]);
        header.CopyTo(bytes, 0);
        Assert.Throws<PixelDataException>(() => Decoder.Decode(bytes, source, new byte[source.FrameLength]));
    }

    [Fact]
    public void Decode_SizClaimingHugeFourComponentImage_ThrowsPixelDataException()
    {
        var bytes = Siz(65535, 65535, [(16, false), (16, false), (16, false), (16, false)]).Concat(new byte[64]).ToArray();
        var small = new FrameInfo(64, 64, 1, 16, 16, 15, false, 0, "MONOCHROME2");
        var ex = Assert.Throws<PixelDataException>(() => Decoder.Decode(bytes, small, new byte[small.FrameLength]));
        Assert.Contains("65535 x 65535", ex.Message, StringComparison.Ordinal);
        var beyond = Siz(70000, 70000, [(8, false)]);
        ex = Assert.Throws<PixelDataException>(() => Decoder.Decode(beyond, small, new byte[small.FrameLength]));
        Assert.Contains("larger than any DICOM image", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MalformedSizLength_ThrowsPixelDataException()
    {
        var bytes = Siz(64, 64, [(12, false)]);
        bytes[5] = 0x30; // Lsiz no longer 38 + 3 x Csiz
        var source = new FrameInfo(64, 64, 1, 16, 12, 11, false, 0, "MONOCHROME2");
        var ex = Assert.Throws<PixelDataException>(() => Decoder.Decode(bytes, source, new byte[source.FrameLength]));
        Assert.Contains("malformed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_SameFrameOnManyThreads_GivesIdenticalResults()
    {
        var path = TestFiles.Sample("mr/MR4_J2KR.dcm");
        var expected = CodecTestFrames.Decode(Decoder, path).Pixels;
        var results = new byte[8][];
        Parallel.For(0, results.Length, i => results[i] = CodecTestFrames.Decode(Decoder, path).Pixels);
        Assert.All(results, r => Assert.True(expected.AsSpan().SequenceEqual(r)));
    }

    [Fact]
    public void Constructor_MissingLibrary_IsUnavailableWithInstallHint()
    {
        var decoder = new OpenJpegDecoder("libopenjp2-does-not-exist.so.99");
        Assert.False(decoder.IsAvailable);
        Assert.Equal("libopenjp2-does-not-exist.so.99 not found: install the Debian package libopenjp2-7", decoder.UnavailableReason);
        var source = new FrameInfo(8, 8, 1, 8, 8, 7, false, 0, "MONOCHROME2");
        var ex = Assert.Throws<CodecUnavailableException>(() => decoder.Decode(new byte[16], source, new byte[64]));
        Assert.Contains("install the Debian package libopenjp2-7", ex.Message, StringComparison.Ordinal);
        Assert.False(new CodecRegistry([decoder]).CanDecode(DicomTransferSyntax.Jpeg2000Lossless));
    }

    /// <summary>SOC + SIZ (ISO/IEC 15444-1 A.5.1) for one tile covering the image.</summary>
    private static byte[] Siz(uint width, uint height, (int Precision, bool Signed)[] components)
    {
        var b = new List<byte> { 0xFF, 0x4F, 0xFF, 0x51 };
        void U16(int v) { b.Add((byte)(v >> 8)); b.Add((byte)v); }
        void U32(uint v) { U16((int)(v >> 16)); U16((int)(v & 0xFFFF)); }
        U16(38 + 3 * components.Length);
        U16(0);
        U32(width);
        U32(height);
        U32(0);
        U32(0);
        U32(width);
        U32(height);
        U32(0);
        U32(0);
        U16(components.Length);
        foreach (var (precision, signed) in components)
        {
            b.Add((byte)((precision - 1) | (signed ? 0x80 : 0)));
            b.Add(1);
            b.Add(1);
        }
        return [.. b];
    }

    private static (FrameInfo Source, byte[] Bytes) Frame0(string sample)
    {
        var file = DicomFile.Open(TestFiles.Sample(sample));
        return (FrameInfo.FromDataset(file.Dataset), CodecTestFrames.FrameBytes(file, 0));
    }
}
