using PacsViewer.Core.Distribution.Upload;

namespace PacsViewer.Tests.Core.Distribution.Upload;

public sealed class UploadValidatorTests : IDisposable
{
    private readonly TempDirectory _dir = new("upload-validator-");

    public void Dispose() => _dir.Dispose();

    private string Write(byte[] bytes)
    {
        var path = _dir.File(Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Validate_GoodObject_IsValidWithItsUids()
    {
        var (bytes, study, sop) = UploadTestFiles.Good();

        var result = UploadValidator.Validate(Write(bytes));

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(sop, result.File!.SopInstanceUid);
        Assert.Equal(study, result.File.Dataset.GetFirstString(PacsViewer.Core.Dicom.Dictionary.DicomTags.StudyInstanceUID));
    }

    [Fact]
    public void Validate_TextFile_NotDicomNoDicmPrefix()
    {
        var result = UploadValidator.Validate(Write(UploadTestFiles.NotDicom()));

        Assert.False(result.IsValid);
        Assert.Equal("not a DICOM file: no DICM prefix", result.Reason);
    }

    [Fact]
    public void Validate_EmptyFile_SaysEmpty()
    {
        var result = UploadValidator.Validate(Write([]));

        Assert.Equal("an empty file", result.Reason);
    }

    [Fact]
    public void Validate_TruncatedFile_TruncatedAtByte()
    {
        var result = UploadValidator.Validate(Write(UploadTestFiles.Truncated()));

        Assert.False(result.IsValid);
        Assert.StartsWith("truncated at byte ", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingSopInstanceUid_NamesIt()
    {
        var result = UploadValidator.Validate(Write(UploadTestFiles.MissingSopInstanceUid()));

        Assert.False(result.IsValid);
        Assert.Equal("missing SOP Instance UID", result.Reason);
    }

    [Fact]
    public void Validate_PixelDataShorterThanItsAttributes_SaysHowManyBytes()
    {
        var result = UploadValidator.Validate(Write(UploadTestFiles.ShortPixelData()));

        Assert.False(result.IsValid);
        // 64 x 64 x 1 x 16 bits = 8192 bytes; the data holds 4 x 4 x 2 = 32.
        Assert.Equal("Pixel Data holds 32 bytes; 1 frame(s) of 64 x 64 x 1 sample(s) x 16 bits need 8192", result.Reason);
    }

    [Fact]
    public void Validate_BareDatasetWithoutFileMeta_Refused()
    {
        var good = UploadTestFiles.Good().Bytes;
        // Drop the preamble, the prefix and the File Meta Information (PS3.10 7.1: its group length element, 12 bytes
        // at offset 132, gives the rest of group 0002): the explicit VR dataset alone remains.
        var metaLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(good.AsSpan(140, 4));
        var bare = good[(132 + 12 + metaLength)..];
        Assert.Equal(0x08, bare[0]); // group 0008 starts the dataset

        var result = UploadValidator.Validate(Write(bare));

        Assert.Equal("not a DICOM file: no DICM prefix", result.Reason);
    }

    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.2", true)] // CT Image Storage
    [InlineData("1.2.840.10008.5.1.4.1.1.88.11", true)] // Basic Text SR Storage
    [InlineData("1.2.840.10008.1.20.1", false)] // Storage Commitment Push Model
    [InlineData("1.2.840.10008.1.1", false)] // Verification
    [InlineData("1.2.840.10008.1.3.10", false)] // Media Storage Directory Storage (DICOMDIR)
    [InlineData("1.2.3.4.5", false)] // not registered
    public void IsStorageSopClass_RegistryTypeAndName_Expected(string uid, bool expected)
    {
        Assert.Equal(expected, UploadValidator.IsStorageSopClass(uid));
    }

    [Fact]
    public void Validate_EveryCorruptSample_RefusedWithAReason()
    {
        var corrupt = Directory.EnumerateFiles(Path.Combine(TestFiles.SamplesDirectory, "corrupt")).ToList();
        Assert.NotEmpty(corrupt);
        foreach (var path in corrupt)
        {
            var result = UploadValidator.Validate(path);
            Assert.False(result.IsValid, $"{Path.GetFileName(path)} was accepted");
            Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        }
    }

    [Fact]
    public void Validate_SeriesSamples_AllValid()
    {
        var samples = Directory.EnumerateFiles(Path.Combine(TestFiles.SamplesDirectory, "series"), "*.dcm", SearchOption.AllDirectories).Take(5).ToList();
        Assert.NotEmpty(samples);
        foreach (var path in samples)
        {
            var result = UploadValidator.Validate(path);
            Assert.True(result.IsValid, $"{Path.GetFileName(path)}: {result.Reason}");
        }
    }
}
