using PacsViewer.Core.Codecs;
using PacsViewer.Core.Codecs.JpegLs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Codecs.JpegLs;

public sealed class CharLsDecoderTests
{
    /// <summary>16-bit signed CT, JPEG-LS lossless: the frame the hostile-input cases start from.</summary>
    private const string Ct = "ct/CT1_UNC.fragmented_bot_jpeg_ls.80.dcm";

    private static readonly CharLsDecoder Decoder = new();

    public static TheoryData<string> Samples() =>
        CodecTestFrames.DecodableSamples(DicomTransferSyntax.JpegLSLossless.Uid, DicomTransferSyntax.JpegLSNearLossless.Uid);

    [Fact]
    public void Constructor_Default_LoadsCharLs2()
    {
        Assert.True(Decoder.IsAvailable, Decoder.UnavailableReason);
        Assert.Null(Decoder.UnavailableReason);
        Assert.StartsWith("CharLS 2.", Decoder.Name, StringComparison.Ordinal);
        Assert.Equal(["1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"], Decoder.TransferSyntaxUids);
    }

    // Lossless (.80) must match exactly. Near-lossless (.81) too: the only .81 sample's reference was decoded by
    // DCMTK's CharLS-derived codec, and JPEG-LS decoding is fully specified (ISO/IEC 14495-1 annex A), so any
    // conforming decoder reproduces the same reconstructed values for a given NEAR.
    [Theory]
    [MemberData(nameof(Samples))]
    public void Decode_CorpusSample_Frame0MatchesReference(string sample) =>
        FrameDecoderAssert.Frame0MatchesReference(Decoder, sample);

    /// <summary>dcmdjpls (DCMTK 3.6.7) decompresses the whole object; every frame must be byte-identical.</summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Decode_EveryFrame_IsByteIdenticalToDcmdjpls(string sample)
    {
        var path = TestFiles.Sample(sample);
        using var temp = new TempDirectory("pv-dcmdjpls-");
        var output = temp.File("native.dcm");
        await CodecTestFrames.RunDcmtkAsync("dcmdjpls", path, output);
        var frames = FrameInfo.FromDataset(DicomFile.Open(path).Dataset).NumberOfFrames;
        for (var f = 0; f < frames; f++)
        {
            var (_, pixels) = CodecTestFrames.Decode(Decoder, path, f);
            var expected = CodecTestFrames.NativeFrame(output, f);
            Assert.True(expected.AsSpan().SequenceEqual(pixels), $"frame {f} of {sample} differs from dcmdjpls");
        }
    }

    [Fact]
    public void Decode_MultiFrameLossless_DecodesAllTenFramesDistinctly()
    {
        var path = TestFiles.Sample("mr/emri_small_jpeg_ls_lossless.dcm");
        var frames = Enumerable.Range(0, 10).Select(f => CodecTestFrames.Decode(Decoder, path, f).Pixels).ToArray();
        Assert.All(frames, f => Assert.Equal(64 * 64 * 2, f.Length));
        Assert.Equal(10, frames.Select(Convert.ToBase64String).Distinct().Count());
    }

    /// <summary>
    /// Interleave modes none, line and sample (ISO/IEC 14495-1 C.2.3) all come out sample-interleaved: an RGB image is
    /// compressed with dcmcjpls in each mode and must decode to the uncompressed original.
    /// </summary>
    [Theory]
    [InlineData("+in")]
    [InlineData("+il")]
    [InlineData("+is")]
    public async Task Decode_EachInterleaveModeFromDcmcjpls_EqualsTheOriginalRgb(string mode)
    {
        using var temp = new TempDirectory("pv-jls-");
        var original = temp.File("raw.dcm");
        var compressed = temp.File("jls.dcm");
        await CodecTestFrames.RunDcmtkAsync("dcmdjpls", TestFiles.Sample("sc/JLSL_RGB_ILV0.dcm"), original);
        await CodecTestFrames.RunDcmtkAsync("dcmcjpls", "--encode-lossless", mode, original, compressed);
        var (info, pixels) = CodecTestFrames.Decode(Decoder, compressed);
        Assert.Equal(3, info.SamplesPerPixel);
        Assert.Equal(0, info.PlanarConfiguration);
        Assert.True(CodecTestFrames.NativeFrame(original, 0).AsSpan().SequenceEqual(pixels), $"interleave {mode} differs");
    }

    [Fact]
    public void Decode_TruncatedCodestream_ThrowsPixelDataException()
    {
        var ex = FrameDecoderAssert.TruncatedThrows(Decoder, Ct, length => length / 2);
        Assert.Contains("does not end with an EOI marker", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A scan cut short but closed with EOI gets past the managed check: CharLS itself must report it.</summary>
    [Fact]
    public void Decode_TruncatedScanWithEoi_ThrowsPixelDataExceptionWithCharLsMessage()
    {
        var (source, bytes) = CodecTestFrames.Frame0(Ct);
        var cut = bytes.AsSpan(0, bytes.Length / 2).ToArray().Concat(new byte[] { 0xFF, 0xD9 }).ToArray();
        var ex = Assert.Throws<PixelDataException>(() => Decoder.Decode(cut, source, new byte[source.FrameLength]));
        Assert.Contains("CharLS error", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_HeaderOnly_ThrowsPixelDataException() =>
        FrameDecoderAssert.TruncatedThrows(Decoder, Ct, _ => 40);

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(0, 1, 0)]
    [InlineData(0, 0, 2)]
    public void Decode_DimensionsDifferFromDataset_ThrowsPixelDataException(int extraRows, int extraColumns, int extraSamples)
    {
        var ex = FrameDecoderAssert.DimensionsDifferThrows(Decoder, Ct, extraRows, extraColumns, extraSamples);
        Assert.Matches("the dataset says|Samples per Pixel is", ex.Message);
    }

    [Fact]
    public void Decode_EightBitContainerForSixteenBitCodestream_ThrowsPixelDataException() =>
        FrameDecoderAssert.NarrowContainerThrows(Decoder, Ct);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Decode_RandomBytes_ThrowsPixelDataException(int seed)
    {
        var source = new FrameInfo(64, 64, 1, 16, 12, 11, false, 0, "MONOCHROME2");
        FrameDecoderAssert.RandomBytesThrow(Decoder, seed, 4096, source);
        FrameDecoderAssert.RandomBytesThrow(Decoder, seed, 4096, source, b => (b[0], b[1]) = (0xFF, 0xD8));
        // SOI ... EOI: the random body reaches CharLS.
        var ex = FrameDecoderAssert.RandomBytesThrow(Decoder, seed, 4096, source, b => (b[0], b[1], b[^2], b[^1]) = (0xFF, 0xD8, 0xFF, 0xD9));
        Assert.Contains("CharLS", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>SOI + SOF55 (ISO/IEC 14495-1 C.2.2) claiming 65535 x 65535, 4 components of 16 bits, then garbage.</summary>
    [Fact]
    public void Decode_HeaderClaimingHugeFourComponentImage_ThrowsPixelDataException()
    {
        byte[] header =
        [
            0xFF, 0xD8, 0xFF, 0xF7, 0x00, 0x14, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x04,
            0x01, 0x11, 0x00, 0x02, 0x11, 0x00, 0x03, 0x11, 0x00, 0x04, 0x11, 0x00,
            0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0xFF, 0xD9,
        ];
        var small = new FrameInfo(64, 64, 1, 16, 16, 15, false, 0, "MONOCHROME2");
        var ex = Assert.Throws<PixelDataException>(() => Decoder.Decode(header, small, new byte[small.FrameLength]));
        Assert.Contains("65535 x 65535", ex.Message, StringComparison.Ordinal);
        // Describing the claimed image in the dataset is refused before any decoder runs (larger than 2 GiB).
        Assert.Throws<PixelDataException>(() => new FrameInfo(65535, 65535, 4, 16, 16, 15, false, 0, "ARGB"));
    }

    [Fact]
    public void Decode_DestinationOfWrongLength_ThrowsArgumentException() =>
        FrameDecoderAssert.DestinationOfWrongLengthThrows(Decoder, Ct);

    [Fact]
    public void Constructor_MissingLibrary_IsUnavailableWithInstallHint()
    {
        var decoder = new CharLsDecoder("libcharls-does-not-exist.so.9");
        const string Hint = "install the Debian package libcharls2";
        FrameDecoderAssert.MissingLibraryIsUnavailable(decoder, "libcharls-does-not-exist.so.9 not found: " + Hint, Hint, DicomTransferSyntax.JpegLSLossless);
        FrameDecoderAssert.MissingLibraryIsUnavailable(decoder, "libcharls-does-not-exist.so.9 not found: " + Hint, Hint, DicomTransferSyntax.JpegLSNearLossless);
    }
}
