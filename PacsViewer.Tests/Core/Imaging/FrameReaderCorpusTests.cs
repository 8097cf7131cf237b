using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;

namespace PacsViewer.Tests.Core.Imaging;

/// <summary>FrameReader against every corpus file it can decode, compared with pydicom's statistics (refs/).</summary>
public sealed class FrameReaderCorpusTests
{
    private static readonly FrameReader Reader = new(DefaultCodecs.CreateDefault());

    /// <summary>Read large values lazily so the range reads of FileRangeValueSource are exercised.</summary>
    private static readonly DicomReaderOptions Deferred = new() { DeferValuesLargerThan = 256 };

    /// <summary>Corpus files with native or RLE pixel data that pydicom decoded.</summary>
    public static TheoryData<string> NativeAndRleSamples() => new(SelectedFiles());

    private static IEnumerable<string> SelectedFiles()
    {
        foreach (var file in TestFiles.SampleFiles())
        {
            var reference = SampleReference.For(file);
            var uid = reference?.String("transfer_syntax_uid");
            if (reference is not { IsDecodable: true } || uid is null || reference.Frame0() is null)
            {
                continue;
            }
            var syntax = DicomTransferSyntax.FromUid(uid);
            if (!syntax.IsEncapsulated || syntax == DicomTransferSyntax.RleLossless)
            {
                yield return file;
            }
        }
    }

    [Fact]
    public void NativeAndRleSamples_Corpus_CoverTheExpectedKinds()
    {
        var files = SelectedFiles().ToArray();
        Assert.True(files.Length >= 50, $"only {files.Length} files selected");
        Assert.Contains("ct/CT2_RLE.dcm", files);
        Assert.Contains("seg/liver.dcm", files);
        Assert.Contains("mr/12bitUnsigned.dcm", files);
        Assert.Contains("us/ExplVR_BigEnd.dcm", files);
    }

    [Theory]
    [MemberData(nameof(NativeAndRleSamples))]
    public void ReadFrame_Frame0_MatchesPydicomStoredValueStatistics(string file)
    {
        var reference = SampleReference.For(file)!;
        var expected = reference.Frame0()!.Value;
        var dicom = DicomFile.Open(TestFiles.Sample(file), Deferred);

        using var frame = Reader.ReadFrame(dicom, 0);

        var isFloat = reference.String("decoded_dtype")?.Contains("float", StringComparison.Ordinal) == true;
        var actual = PixelTestData.StoredStatistics(frame.Pixels, frame.Info, isFloat);
        Assert.Equal(0, frame.Info.PlanarConfiguration);
        Assert.Equal(expected.Min, actual.Min);
        Assert.Equal(expected.Max, actual.Max);
        Assert.True(Math.Abs(actual.Mean - expected.Mean) <= 1e-4 * Math.Max(1, Math.Abs(expected.Mean)),
            $"mean {actual.Mean} differs from pydicom's {expected.Mean}");
    }

    [Theory]
    [MemberData(nameof(NativeAndRleSamples))]
    public void ReadFrame_EveryFrame_DecodesToFullLengthAndMatchesInMemoryRead(string file)
    {
        var reference = SampleReference.For(file)!;
        var deferred = DicomFile.Open(TestFiles.Sample(file), Deferred);
        var inMemory = DicomFile.Open(TestFiles.Sample(file));
        var frames = FrameInfo.FromDataset(deferred.Dataset).NumberOfFrames;
        Assert.Equal(reference.Int("frames") ?? 1, frames);

        for (var i = 0; i < frames; i++)
        {
            using var a = Reader.ReadFrame(deferred, i);
            using var b = Reader.ReadFrame(inMemory, i);
            Assert.Equal(i, a.FrameIndex);
            Assert.Equal(a.Info.PixelCount * a.Info.SamplesPerPixel * a.Info.BytesPerSample, a.Length);
            Assert.True(a.Pixels.SequenceEqual(b.Pixels), $"frame {i}: deferred and in-memory reads differ");
        }
        Assert.Throws<PixelDataException>(() => Reader.ReadFrame(deferred, frames).Dispose());
    }

    [Fact]
    public void ReadFrame_SameCtImageInEveryDecodableEncoding_IdenticalPixels()
    {
        var registry = DefaultCodecs.CreateDefault();
        var files = TestFiles.SampleFiles()
            .Where(f => f.StartsWith("ct/CT1_UNC.", StringComparison.Ordinal) || f == "ct/D_CLUNIE_CT1_RLE_FRAGS.dcm")
            .Select(f => DicomFile.Open(TestFiles.Sample(f)))
            .Where(d => registry.CanDecode(d.TransferSyntax))
            .ToArray();
        Assert.True(files.Length >= 2, "the big endian and the fragmented RLE encodings are decodable here");
        Assert.Contains(files, d => d.TransferSyntax == DicomTransferSyntax.ExplicitVRBigEndian);
        Assert.Contains(files, d => d.TransferSyntax == DicomTransferSyntax.RleLossless);

        using var first = Reader.ReadFrame(files[0], 0);
        foreach (var other in files.Skip(1))
        {
            using var frame = Reader.ReadFrame(other, 0);
            Assert.True(first.Pixels.SequenceEqual(frame.Pixels), $"{other.TransferSyntax.Name} differs from {files[0].TransferSyntax.Name}");
        }
    }
}
