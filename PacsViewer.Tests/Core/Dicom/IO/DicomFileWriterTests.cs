using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Dicom.IO;

public sealed class DicomFileWriterTests
{
    public static TheoryData<string> Samples() => TestFiles.SampleFileData();

    /// <summary>Read -> write -> read gives the same dataset for every sample that parses (group lengths aside: PS3.5 7.2 retires them and the writer leaves them out).</summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void Write_SampleFile_RoundTripsToTheSameDataset(string file)
    {
        DicomFile original;
        try
        {
            original = DicomFile.Open(TestFiles.Sample(file));
        }
        catch (DicomFormatException)
        {
            Assert.StartsWith("corrupt/", file, StringComparison.Ordinal); // only the corrupt samples may be rejected
            return;
        }
        using var stream = new MemoryStream();
        DicomFileWriter.Write(stream, original);
        stream.Position = 0;
        var copy = DicomFile.Read(stream, sourceName: file);

        Assert.Equal(DicomFileLayout.Part10, copy.Layout);
        Assert.Equal(original.TransferSyntax.IsEncapsulated ? original.TransferSyntax.Uid : DicomTransferSyntax.ExplicitVRLittleEndian.Uid, copy.TransferSyntax.Uid);
        Assert.Equal(original.SopInstanceUid, copy.FileMetaInformation.GetFirstString(DicomTags.MediaStorageSOPInstanceUID));
        DatasetAssert.Equal(original.Dataset, copy.Dataset, e => e.Tag.IsGroupLength);
    }

    [Fact]
    public void Write_BuiltDataset_ProducesPart10WithGeneratedMeta()
    {
        var dataset = new DicomDatasetBuilder()
            .Set(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7")
            .Set(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.4.5")
            .Set(DicomTags.PatientName, DicomVR.PN, "Doe^Jane")
            .SetUInt16(DicomTags.Rows, 2)
            .ToDataset();
        using var stream = new MemoryStream();
        DicomFileWriter.Write(stream, dataset);
        var bytes = stream.ToArray();

        Assert.Equal("DICM", System.Text.Encoding.ASCII.GetString(bytes, 128, 4));
        Assert.All(bytes.Take(128), b => Assert.Equal(0, b));
        var read = DicomFile.Read(bytes);
        var meta = read.FileMetaInformation;
        Assert.Equal("1.2.840.10008.5.1.4.1.1.7", meta.GetFirstString(DicomTags.MediaStorageSOPClassUID));
        Assert.Equal("1.2.3.4.5", meta.GetFirstString(DicomTags.MediaStorageSOPInstanceUID));
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, meta.GetFirstString(DicomTags.TransferSyntaxUID));
        Assert.Equal(DicomImplementation.ClassUid, meta.GetFirstString(DicomTags.ImplementationClassUID));
        Assert.True(meta.TryGetInt64(DicomTags.FileMetaInformationGroupLength, out var groupLength));
        Assert.Equal(meta.EncodedLength - 12, groupLength); // everything after the group length element itself
        Assert.Equal("Doe^Jane", read.Dataset.GetString(DicomTags.PatientName));
        Assert.Equal(2, read.Dataset.GetInt32(DicomTags.Rows, 0));
        // "1.2.3.4.5" is odd: padded with NUL to even length (PS3.5 6.2 UI).
        Assert.Equal(10, read.Dataset[DicomTags.SOPInstanceUID]!.Length);
    }

    [Fact]
    public void Write_EncapsulatedPixelsAsExplicitLittleEndian_IsRefused()
    {
        var dataset = new DicomDatasetBuilder()
            .Set(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7")
            .Set(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.4.6")
            .Add(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, [DicomValueSource.FromMemory(new byte[] { 0xFF, 0xD8 })]))
            .ToDataset();
        var error = Assert.Throws<ArgumentException>(() => DicomFileWriter.Write(Stream.Null, dataset));
        Assert.Contains("encapsulated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_WrittenFileThroughAStream_GivesTheSameDataset()
    {
        var original = DicomFile.Open(TestFiles.Sample("ct/CT2_RLE.dcm"));
        using var written = new MemoryStream();
        DicomFileWriter.Write(written, original);
        using var slow = new MemoryStream(written.ToArray());

        var copy = await DicomFile.ReadAsync(slow, cancellationToken: CancellationToken.None);

        Assert.Equal(DicomTransferSyntax.RleLossless, copy.TransferSyntax);
        DatasetAssert.Equal(original.Dataset, copy.Dataset, e => e.Tag.IsGroupLength);
    }

    [Fact]
    public async Task ReadAsync_LargerThanTheLimit_IsRefused()
    {
        using var stream = new MemoryStream(new byte[4096]);
        var error = await Assert.ThrowsAsync<DicomFormatException>(() => DicomFile.ReadAsync(stream, maxBytes: 1000));
        Assert.Contains("limit of 1000 bytes", error.Message, StringComparison.Ordinal);
    }
}
