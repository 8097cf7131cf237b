using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Dicom.IO;

/// <summary>Every corpus file parses (or is rejected) as MANIFEST.tsv and refs/*.json say, with pydicom's values.</summary>
public sealed class SampleCorpusTests
{
    public static TheoryData<string> Samples() => TestFiles.SampleFileData();

    [Fact]
    public void SampleFiles_Corpus_HasTheManifestedFiles()
    {
        var files = TestFiles.SampleFiles();
        Assert.True(files.Count >= 100, $"only {files.Count} files in MANIFEST.tsv");
        Assert.All(files, f => Assert.True(File.Exists(TestFiles.Sample(f)), f));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Open_SampleFile_MatchesReference(string file)
    {
        var manifest = TestFiles.Manifest()[file];
        var reference = SampleReference.For(file);
        var path = TestFiles.Sample(file);

        DicomFile dicom;
        if (IsTruncatedPixelData(reference))
        {
            // The pixel data is cut short: the whole file is rejected, naming Pixel Data; the header still reads.
            var error = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
            Assert.Equal(DicomTags.PixelData, error.Tag);
            Assert.True(error.Offset > 0);
            dicom = DicomFile.Open(path, new DicomReaderOptions { StopBeforePixelData = true });
        }
        else
        {
            dicom = DicomFile.Open(path);
            var hasPixels = dicom.Dataset.Any(e => e.Tag.Group == 0x7FE0 && e.Tag.Element is 0x0008 or 0x0009 or 0x0010);
            Assert.Equal(reference?.Bool("has_pixel_data") ?? hasPixels, hasPixels);
        }

        Assert.Equal(manifest["transfer_syntax_uid"], dicom.TransferSyntax.Uid);
        var ds = dicom.Dataset;
        var modality = manifest["modality"];
        Assert.Equal(modality is "-" or "" ? null : modality, ds.GetFirstString(DicomTags.Modality));
        if (reference is null)
        {
            return;
        }
        Assert.Equal(reference.String("sop_class_uid"), ds.GetFirstString(DicomTags.SOPClassUID));
        Assert.Equal(reference.String("transfer_syntax_uid"), dicom.TransferSyntax.Uid);
        AssertInt(reference, "rows", ds, DicomTags.Rows);
        AssertInt(reference, "columns", ds, DicomTags.Columns);
        AssertInt(reference, "samples_per_pixel", ds, DicomTags.SamplesPerPixel);
        AssertInt(reference, "bits_allocated", ds, DicomTags.BitsAllocated);
        AssertInt(reference, "bits_stored", ds, DicomTags.BitsStored);
        AssertInt(reference, "high_bit", ds, DicomTags.HighBit);
        AssertInt(reference, "pixel_representation", ds, DicomTags.PixelRepresentation);
        AssertInt(reference, "planar_configuration", ds, DicomTags.PlanarConfiguration);
        Assert.Equal(reference.Int("frames") ?? 1, ds.GetInt32(DicomTags.NumberOfFrames, 1));
        Assert.Equal(reference.String("photometric_interpretation"), ds.GetFirstString(DicomTags.PhotometricInterpretation));
        AssertNumbers(reference, "rescale_slope", ds, DicomTags.RescaleSlope);
        AssertNumbers(reference, "rescale_intercept", ds, DicomTags.RescaleIntercept);
        AssertNumbers(reference, "window_center", ds, DicomTags.WindowCenter);
        AssertNumbers(reference, "window_width", ds, DicomTags.WindowWidth);
        var charset = reference.Strings("specific_character_set");
        Assert.Equal(charset ?? [], ds.GetStrings(DicomTags.SpecificCharacterSet));
    }

    private static bool IsTruncatedPixelData(SampleReference? reference) =>
        reference?.String("unavailable_reason") is "corrupt_or_truncated"
        || (reference?.String("unavailable_reason") == "decoder_error"
            && reference.String("notes")?.Contains("Truncated", StringComparison.OrdinalIgnoreCase) == true);

    private static void AssertInt(SampleReference reference, string key, DicomDataset ds, DicomTag tag)
    {
        if (reference.Has(key))
        {
            Assert.True(ds.TryGetInt32(tag, out var actual), $"{key} {tag} missing");
            Assert.Equal(reference.Int(key), actual);
        }
        else
        {
            Assert.False(ds.TryGetInt32(tag, out var unexpected), $"{key} {tag} = {unexpected} but absent from the reference");
        }
    }

    private static void AssertNumbers(SampleReference reference, string key, DicomDataset ds, DicomTag tag)
    {
        var expected = reference.Numbers(key);
        if (expected is null)
        {
            return;
        }
        var actual = ds.GetNumbers(tag);
        Assert.Empty(actual.Invalid);
        Assert.Equal(expected.Length, actual.Values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual.Values[i], 6);
        }
    }

    [Fact]
    public void Open_DoubledDelimiterAfterEncapsulatedPixelData_ReadsWithAWarning()
    {
        // Regression: us/DIRW0007_US_cine_ybr422.dcm ends with two Sequence Delimitation Items after its fragments.
        var file = DicomFile.Open(TestFiles.Sample("us/DIRW0007_US_cine_ybr422.dcm"));
        var pixels = Assert.IsType<DicomFragmentSequence>(file.Dataset[DicomTags.PixelData]);
        Assert.Equal(65, file.Dataset.GetInt32(DicomTags.NumberOfFrames, 0));
        Assert.True(pixels.Fragments.Length >= 65);
        Assert.Contains(file.Warnings, w => w.Contains("Sequence Delimitation Item", StringComparison.Ordinal));
    }
}
