using PacsViewer.Core.Codecs;
using PacsViewer.Core.Codecs.Jpeg;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Codecs.Jpeg;

/// <summary>
/// Every frame of every JPEG corpus file against dcmtk's dcmdjpeg (libijg, colour left as stored: +cn, interleaved:
/// +px). Lossless: byte-identical. Lossy: the IDCT and chroma upsampling differ (see JpegFrameDecoderTests), so the
/// samples are compared by mean absolute difference and by the share of samples that differ by more than 2 levels.
/// </summary>
public sealed class JpegDcmtkAgreementTests
{
    /// <summary>Mean |ours - dcmtk| over a lossy frame, in sample levels.</summary>
    private const double LossyMeanAbsoluteDifference = 1.0;

    /// <summary>Share of samples of a lossy frame differing by more than 2 levels (chroma edges under 4:2:2).</summary>
    private const double LossyOutlierShare = 0.02;

    /// <summary>dcmtk 3.6.7 cannot parse this file (a sequence lacks its item delimiter); its frames go through img2dcm.</summary>
    private const string UnparsableByDcmtk = "us/DIRW0007_US_cine_ybr422.dcm";

    private readonly JpegFrameDecoder _decoder = new();

    public static TheoryData<string> CorpusFiles() => new(JpegTestFrames.CorpusFiles().Where(f => f != UnparsableByDcmtk));

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Decode_EveryFrame_AgreesWithDcmdjpeg(string file)
    {
        var (dicom, info, pixels) = JpegTestFrames.Open(file);
        using var temp = new TempDirectory("pv-dcmdjpeg-");
        var output = temp.File("native.dcm");
        await CodecTestFrames.RunDcmtkAsync("dcmdjpeg", "+cn", "+px", TestFiles.Sample(file), output);
        var native = DicomFile.Open(output);
        var nativeBytes = Assert.IsType<DicomValueElement>(native.Dataset[DicomTags.PixelData]).GetBytes();
        var outInfo = _decoder.GetDecodedInfo(info);
        Assert.Equal(outInfo.PhotometricInterpretation, native.Dataset.GetFirstString(DicomTags.PhotometricInterpretation));

        for (var frame = 0; frame < info.NumberOfFrames; frame++)
        {
            var ours = Decode(pixels, info, frame);
            if (JpegTestFrames.JpegSize(CodecTestFrames.FrameBytes(pixels, frame)).Columns < info.Columns)
            {
                // A cropped whole-slide edge tile: dcmtk copies its rows at the JPEG's width (a skewed image) while we
                // keep the tile geometry, so there is nothing to compare (JpegFrameDecoderTests checks these tiles).
                continue;
            }
            var theirs = nativeBytes.Slice(frame * ours.Length, ours.Length).ToArray();
            AssertAgrees(file, frame, JpegTestFrames.IsLossless(dicom.TransferSyntax.Uid), outInfo, ours, theirs);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(64)]
    public async Task Decode_CineFrameDcmtkCannotParse_AgreesWithDcmdjpegOfTheSameJpeg(int frame)
    {
        // dcmtk cannot read the dataset, but it can wrap the frame's JPEG stream (img2dcm) and decode that.
        var (_, info, pixels) = JpegTestFrames.Open(UnparsableByDcmtk);
        using var temp = new TempDirectory("pv-dcmdjpeg-");
        var jpeg = temp.File("frame.jpg");
        await File.WriteAllBytesAsync(jpeg, CodecTestFrames.FrameBytes(pixels, frame));
        await CodecTestFrames.RunDcmtkAsync("img2dcm", "-i", "JPEG", jpeg, temp.File("wrapped.dcm"));
        await CodecTestFrames.RunDcmtkAsync("dcmdjpeg", "+cn", "+px", temp.File("wrapped.dcm"), temp.File("native.dcm"));
        var native = DicomFile.Open(temp.File("native.dcm"));
        var theirs = Assert.IsType<DicomValueElement>(native.Dataset[DicomTags.PixelData]).GetBytes().ToArray();

        var ours = Decode(pixels, info, frame);

        AssertAgrees(UnparsableByDcmtk, frame, lossless: false, _decoder.GetDecodedInfo(info), ours, theirs);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 0)]
    [InlineData(4, 0)]
    [InlineData(5, 0)]
    [InlineData(6, 0)]
    [InlineData(7, 0)]
    [InlineData(1, 2)]
    [InlineData(6, 3)]
    public async Task Decode_LosslessEachPredictorFromDcmcjpeg_SameAsDcmdjpegAndSource(int selectionValue, int pointTransform)
    {
        // T.81 Table H.1: each predictor (and a point transform) over a signed 16-bit CT, encoded by dcmtk.
        const string source = "ct/CT-MONO2-16-ankle.dcm";
        using var temp = new TempDirectory();
        var encoded = Path.Combine(temp.Path, "lossless.dcm");
        var decoded = Path.Combine(temp.Path, "native.dcm");
        await CodecTestFrames.RunDcmtkAsync("dcmcjpeg", ["+el", "+sv", selectionValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "+pt", pointTransform.ToString(System.Globalization.CultureInfo.InvariantCulture), TestFiles.Sample(source), encoded]);
        await CodecTestFrames.RunDcmtkAsync("dcmdjpeg", [encoded, decoded]);
        var (_, info, pixels) = JpegTestFrames.Open(encoded);
        var theirs = Assert.IsType<DicomValueElement>(DicomFile.Open(decoded).Dataset[DicomTags.PixelData]).GetBytes().ToArray();

        var ours = Decode(pixels, info, 0);

        AssertAgrees(encoded, 0, lossless: true, info, ours, theirs);
        if (pointTransform == 0)
        {
            var original = Assert.IsType<DicomValueElement>(DicomFile.Open(TestFiles.Sample(source)).Dataset[DicomTags.PixelData]).GetBytes().ToArray();
            AssertAgrees(source, 0, lossless: true, info, ours, original);
        }
    }

    private byte[] Decode(DicomFile pixels, FrameInfo info, int frame)
    {
        var destination = new byte[info.FrameLength];
        _decoder.Decode(CodecTestFrames.FrameBytes(pixels, frame), info, destination);
        return destination;
    }

    private static void AssertAgrees(string file, int frame, bool lossless, FrameInfo info, byte[] ours, byte[] theirs)
    {
        Assert.Equal(theirs.Length, ours.Length);
        if (lossless)
        {
            for (var i = 0; i < ours.Length; i++)
            {
                if (ours[i] != theirs[i])
                {
                    Assert.Fail($"{file} frame {frame}: byte {i} is {ours[i]}, dcmdjpeg {theirs[i]} (lossless must be identical)");
                }
            }
            return;
        }
        var a = CodecTestFrames.StoredValues(info, ours);
        var b = CodecTestFrames.StoredValues(info, theirs);
        double sum = 0;
        var outliers = 0;
        var worst = 0L;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs(a[i] - b[i]);
            sum += d;
            worst = Math.Max(worst, d);
            if (d > 2)
            {
                outliers++;
            }
        }
        var mean = sum / a.Length;
        var share = (double)outliers / a.Length;
        Assert.True(mean <= LossyMeanAbsoluteDifference && share <= LossyOutlierShare,
            $"{file} frame {frame}: mean |difference| {mean:F3}, {share:P2} of samples differ by > 2 (worst {worst}) from dcmdjpeg");
    }
}
