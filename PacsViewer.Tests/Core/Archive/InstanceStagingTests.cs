using System.Text;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Tests.Core.Network.DicomWeb;

namespace PacsViewer.Tests.Core.Archive;

/// <summary><see cref="InstanceStaging"/>: objects copied from a stream to a temporary file, header checked from the file.</summary>
public sealed class InstanceStagingTests : IDisposable
{
    private const string Sample = "ct/CT2_RLE.dcm";

    private readonly TempDirectory _folder = new("pacsviewer-staging-");

    public void Dispose() => _folder.Dispose();

    private string[] FilesInFolder() => Directory.GetFiles(_folder.Path);

    [Fact]
    public async Task StageAsync_Part10ArrivingInSmallReads_WritesTheSameBytesAndReadsTheUids()
    {
        var bytes = await File.ReadAllBytesAsync(TestFiles.Sample(Sample));
        var expected = DicomFile.Open(TestFiles.Sample(Sample));
        var staging = new InstanceStaging(_folder.Path);

        using var staged = await staging.StageAsync(new TrickleStream(bytes, 1000), "part 1", long.MaxValue);

        Assert.Equal(expected.SopInstanceUid, staged.SopInstanceUid);
        Assert.Equal(expected.SopClassUid, staged.SopClassUid);
        Assert.Equal(expected.TransferSyntax.Uid, staged.TransferSyntaxUid);
        Assert.Equal(bytes.Length, staged.Length);
        Assert.Equal(_folder.Path, Path.GetDirectoryName(staged.Path));
        Assert.EndsWith(InstanceStaging.TemporaryExtension, staged.Path, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(staged.Path!));
    }

    [Fact]
    public async Task StageAsync_HeaderLongerThanTheFirstBlock_ReadsTheUidsFromTheWrittenFile()
    {
        // A 300 KB value before the pixel data: the header does not fit in the first 256 KB block read in memory.
        var original = DicomFile.Open(TestFiles.Sample("series/mr_brain_ge_axial_pd/brain_001.dcm"));
        var large = new byte[300_000];
        large.AsSpan().Fill(0x5A);
        var file = new DicomFile(original.FileMetaInformation,
            original.Dataset.ToBuilder().SetBytes(DicomTags.EncapsulatedDocument, DicomVR.OB, large).ToDataset(), original.TransferSyntax);
        using var written = new MemoryStream();
        DicomFileWriter.Write(written, file);
        var staging = new InstanceStaging(_folder.Path);

        using var staged = await staging.StageAsync(new TrickleStream(written.ToArray(), 70_000), "part 2", long.MaxValue);

        Assert.Equal(original.SopInstanceUid, staged.SopInstanceUid);
        Assert.Equal(original.SopClassUid, staged.SopClassUid);
        Assert.Equal(original.TransferSyntax.Uid, staged.TransferSyntaxUid);
        Assert.Equal(written.Length, staged.Length);
        Assert.Equal(written.ToArray(), await File.ReadAllBytesAsync(staged.Path!));
    }

    [Fact]
    public async Task MoveWithoutFlush_StagedFile_RenamesItAndDisposeThenKeepsIt()
    {
        var bytes = await File.ReadAllBytesAsync(TestFiles.Sample(Sample));
        var staging = new InstanceStaging(_folder.Path);
        var destination = _folder.File("kept.dcm");

        var staged = await staging.StageAsync(new MemoryStream(bytes), "part 1", long.MaxValue);
        staged.MoveWithoutFlush(destination);
        staged.Dispose();

        Assert.Null(staged.Path);
        Assert.Equal([destination], FilesInFolder());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(destination));
    }

    [Fact]
    public async Task MoveTo_StagedFile_RenamesItAndDisposeThenKeepsIt()
    {
        var bytes = await File.ReadAllBytesAsync(TestFiles.Sample(Sample));
        var staging = new InstanceStaging(_folder.Path);
        var destination = _folder.File("kept.dcm");

        var staged = await staging.StageAsync(new MemoryStream(bytes), "part 1", long.MaxValue);
        staged.MoveTo(destination);
        staged.Dispose();

        Assert.Null(staged.Path);
        Assert.Equal([destination], FilesInFolder());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(destination));
    }

    [Fact]
    public async Task Dispose_StagedFileNotMoved_DeletesIt()
    {
        var staging = new InstanceStaging(_folder.Path);
        var staged = await staging.StageAsync(File.OpenRead(TestFiles.Sample(Sample)), "part 1", long.MaxValue);

        staged.Dispose();

        Assert.Empty(FilesInFolder());
    }

    [Fact]
    public async Task StageAsync_BareDatasetWithoutFileMeta_ThrowsNotPart10AndLeavesNoFile()
    {
        var file = DicomFile.Open(TestFiles.Sample("series/mr_brain_ge_axial_pd/brain_001.dcm"));
        using var bare = new MemoryStream();
        DicomFileWriter.WriteDataset(bare, file.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        bare.Position = 0;
        var staging = new InstanceStaging(_folder.Path);

        var e = await Assert.ThrowsAsync<DicomFormatException>(() => staging.StageAsync(bare, "part 3", long.MaxValue));

        Assert.Contains("not a DICOM Part 10 file", e.Message, StringComparison.Ordinal);
        Assert.Empty(FilesInFolder());
    }

    [Fact]
    public async Task StageAsync_HtmlInsteadOfDicom_ThrowsDicomFormatExceptionAndLeavesNoFile()
    {
        var staging = new InstanceStaging(_folder.Path);

        await Assert.ThrowsAsync<DicomFormatException>(() =>
            staging.StageAsync(new MemoryStream(Encoding.ASCII.GetBytes("<html><body>login</body></html>")), "part 1", long.MaxValue));

        Assert.Empty(FilesInFolder());
    }

    [Fact]
    public async Task StageAsync_LargerThanTheLimit_ThrowsNamingTheLimitAndLeavesNoFile()
    {
        var bytes = await File.ReadAllBytesAsync(TestFiles.Sample(Sample));
        var staging = new InstanceStaging(_folder.Path);

        var e = await Assert.ThrowsAsync<DicomFormatException>(() => staging.StageAsync(new MemoryStream(bytes), "part 1", bytes.Length - 1));

        Assert.Contains($"larger than the limit of {bytes.Length - 1} bytes", e.Message, StringComparison.Ordinal);
        Assert.Empty(FilesInFolder());
    }

    [Fact]
    public void Stage_FileInMemory_WritesItReadableWithTheSameDataset()
    {
        var file = DicomFile.Open(TestFiles.Sample(Sample));
        var staging = new InstanceStaging(_folder.Path);

        using var staged = staging.Stage(file);

        Assert.Equal(file.SopInstanceUid, staged.SopInstanceUid);
        Assert.Equal(new FileInfo(staged.Path!).Length, staged.Length);
        DatasetAssert.Equal(file.Dataset, DicomFile.Open(staged.Path!).Dataset, e => e.Tag.IsGroupLength);
    }
}
