using PacsViewer.Core.Codecs;
using PacsViewer.Core.Codecs.Jpeg2000;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Codecs.Jpeg2000;

public sealed class OpenJpegDecoderTests
{
    /// <summary>MR, JPEG 2000 lossless, 16 bits allocated, 12 stored: the frame the hostile-input cases start from.</summary>
    private const string Mr = "mr/MR4_J2KR.dcm";

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
    public void Decode_CorpusSample_Frame0MatchesReference(string sample) =>
        FrameDecoderAssert.Frame0MatchesReference(Decoder, sample);

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
        var ex = FrameDecoderAssert.TruncatedThrows(Decoder, Mr, length => length / 2);
        Assert.StartsWith("JPEG 2000: OpenJPEG", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("no message from OpenJPEG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MainHeaderOnly_ThrowsPixelDataException() =>
        FrameDecoderAssert.TruncatedThrows(Decoder, Mr, _ => 60);

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(0, 1, 0)]
    [InlineData(0, 0, 2)]
    public void Decode_DimensionsDifferFromDataset_ThrowsPixelDataException(int extraRows, int extraColumns, int extraSamples)
    {
        var ex = FrameDecoderAssert.DimensionsDifferThrows(Decoder, Mr, extraRows, extraColumns, extraSamples);
        Assert.Matches("the dataset says|Samples per Pixel is", ex.Message);
    }

    [Fact]
    public void Decode_SixteenBitCodestreamIntoEightBitContainer_ThrowsPixelDataException() =>
        FrameDecoderAssert.NarrowContainerThrows(Decoder, "ct/CT2_J2KI.dcm");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Decode_RandomBytes_ThrowsPixelDataException(int seed)
    {
        var source = new FrameInfo(64, 64, 1, 16, 12, 11, false, 0, "MONOCHROME2");
        FrameDecoderAssert.RandomBytesThrow(Decoder, seed, 4096, source);
        // A valid SOC + SIZ for exactly this image, then random bytes: the check passes and OpenJPEG must fail cleanly.
        FrameDecoderAssert.RandomBytesThrow(Decoder, seed, 4096, source, b => Siz(64, 64, [(12, false)]).CopyTo(b, 0));
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
        const string Hint = "install the Debian package libopenjp2-7";
        FrameDecoderAssert.MissingLibraryIsUnavailable(decoder, "libopenjp2-does-not-exist.so.99 not found: " + Hint, Hint, DicomTransferSyntax.Jpeg2000Lossless);
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
}
