using PacsViewer.Core.Codecs;
using PacsViewer.Core.Codecs.Jpeg;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Codecs.Jpeg;

/// <summary>
/// The JPEG decoder against pydicom's frame-0 statistics (refs/*.json) and against dcmtk's dcmdjpeg output.
/// Lossless syntaxes must agree exactly. Lossy ones are allowed the spread between IDCT implementations and
/// chroma upsampling filters: JpegLibrary uses a floating-point IDCT and replicates chroma samples, libjpeg (dcmtk,
/// GDCM) an integer IDCT and, for 4:2:2, a triangle ("fancy") filter, so single samples differ by a few levels
/// while whole-frame statistics barely move.
/// </summary>
public sealed class JpegFrameDecoderTests
{
    /// <summary>Lossy frame-0 statistics: min/max within 3 levels, mean within 0.5 (IDCT rounding, see class notes).</summary>
    private const double LossyMinMaxTolerance = 3;
    private const double LossyMeanTolerance = 0.5;

    private readonly JpegFrameDecoder _decoder = new();

    public static TheoryData<string> CorpusFiles() => new(JpegTestFrames.CorpusFiles());

    public static TheoryData<string, int> MultiFrameFiles() => new()
    {
        { "us/IM00001.fragmented_no_bot_jpeg_baseline.50.dcm", 8 },
        { "ct/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm", 2 },
        { "ct/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm", 2 },
        { "us/DIRW0007_US_cine_ybr422.dcm", 65 },
    };

    [Fact]
    public void CorpusFiles_Manifest_HasEveryJpegSyntax()
    {
        var syntaxes = TestFiles.Manifest().Where(m => JpegTestFrames.CorpusFiles().Contains(m.Key))
            .Select(m => m.Value["transfer_syntax_uid"]).ToHashSet();
        Assert.Equal(JpegTestFrames.JpegSyntaxes.Order(), syntaxes.Order());
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Decode_CorpusFrame0_MatchesPydicomReference(string file)
    {
        var (dicom, _, _) = JpegTestFrames.Open(file);
        if (JpegTestFrames.IsLossless(dicom.TransferSyntax.Uid))
        {
            FrameDecoderAssert.Frame0MatchesReference(_decoder, file, checkColorSpace: true);
        }
        else
        {
            FrameDecoderAssert.Frame0MatchesReference(_decoder, file, LossyMinMaxTolerance, LossyMeanTolerance, checkColorSpace: true);
        }
    }

    [Theory]
    [MemberData(nameof(MultiFrameFiles))]
    public void Decode_EveryFrameOfMultiFrameFile_FillsEachFrame(string file, int frames)
    {
        var (_, info, pixels) = JpegTestFrames.Open(file);
        Assert.Equal(frames, info.NumberOfFrames);
        for (var frame = 0; frame < frames; frame++)
        {
            var decoded = DecodeFrame(pixels, info, frame);
            // Every frame decodes to an image, not a blank buffer (the dcmtk tests compare the values).
            Assert.True(decoded.Any(b => b != 0), $"frame {frame} decoded to zeros");
        }
    }

    [Theory]
    [InlineData(13, 55, 240)]
    [InlineData(126, 240, 121)]
    [InlineData(139, 55, 121)]
    public void Decode_CroppedWholeSlideEdgeTile_FillsTopLeftAndZeroesTheRest(int frame, int jpegColumns, int jpegRows)
    {
        const string file = "sm/wsi_tiled_full_ybr422_jpeg.dcm";
        var (_, info, pixels) = JpegTestFrames.Open(file);
        Assert.Equal((jpegColumns, jpegRows), JpegTestFrames.JpegSize(CodecTestFrames.FrameBytes(pixels, frame)));

        var decoded = DecodeFrame(pixels, info, frame);

        var rowBytes = info.Columns * 3;
        for (var y = 0; y < info.Rows; y++)
        {
            var row = decoded.AsSpan(y * rowBytes, rowBytes);
            var covered = y < jpegRows ? jpegColumns * 3 : 0;
            Assert.True(row[covered..].IndexOfAnyExcept((byte)0) < 0, $"row {y}: the uncovered part is not zero");
            // The slide background is near white: the covered part is image, not zeros.
            Assert.True(covered == 0 || row[..covered].IndexOfAnyExcept((byte)0) >= 0, $"row {y}: the tile is empty");
        }
    }

    [Fact]
    public void GetDecodedInfo_YbrFull422_IsYbrFullInterleaved()
    {
        var source = new FrameInfo(4, 4, 3, 8, 8, 7, false, 1, "YBR_FULL_422");

        var decoded = _decoder.GetDecodedInfo(source);

        Assert.Equal("YBR_FULL", decoded.PhotometricInterpretation);
        Assert.Equal(0, decoded.PlanarConfiguration);
        Assert.Equal(source.FrameLength, decoded.FrameLength);
    }

    [Theory]
    [InlineData("RGB")]
    [InlineData("YBR_FULL")]
    [InlineData("MONOCHROME1")]
    public void GetDecodedInfo_OtherPhotometric_IsUnchanged(string photometric)
    {
        var samples = photometric.StartsWith("MONO", StringComparison.Ordinal) ? 1 : 3;
        var source = new FrameInfo(4, 4, samples, 8, 8, 7, false, 0, photometric);

        Assert.Equal(photometric, _decoder.GetDecodedInfo(source).PhotometricInterpretation);
    }

    [Fact]
    public void TransferSyntaxUids_Always_AreTheFourJpegSyntaxes()
    {
        Assert.Equal(JpegTestFrames.JpegSyntaxes.Order(), _decoder.TransferSyntaxUids.Order());
        Assert.True(_decoder.IsAvailable);
        var registry = new CodecRegistry([_decoder]);
        Assert.Same(_decoder, registry.GetDecoder(DicomTransferSyntax.JpegLosslessSV1));
    }

    internal byte[] DecodeFrame(DicomFile pixels, FrameInfo info, int frame)
    {
        var compressed = CodecTestFrames.FrameBytes(pixels, frame);
        var destination = new byte[info.FrameLength];
        _decoder.Decode(compressed, info, destination);
        return destination;
    }
}
