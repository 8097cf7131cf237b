using System.Text;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Tests.Core.Network.DicomWeb;

namespace PacsViewer.Tests.Core.Archive;

/// <summary>
/// The streaming path of <see cref="DicomWebStudySource"/> (<see cref="IStagingStudySource"/>) against a scripted server:
/// parts copied to files as they arrive, a bad part reported clearly with nothing left behind.
/// </summary>
public sealed class DicomWebStudySourceStagingTests : IDisposable
{
    private const string Boundary = "b0undary";

    private readonly TempDirectory _folder = new("pacsviewer-staging-");

    public void Dispose() => _folder.Dispose();

    private static byte[] Multipart(params byte[][] parts)
    {
        using var body = new MemoryStream();
        foreach (var part in parts)
        {
            body.Write(Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Type: application/dicom\r\n\r\n"));
            body.Write(part);
            body.Write("\r\n"u8);
        }
        body.Write(Encoding.ASCII.GetBytes($"--{Boundary}--\r\n"));
        return body.ToArray();
    }

    private static Task<ScriptedHttpServer> ServeAsync(byte[] body) =>
        ScriptedHttpServer.StartAsync(ScriptedHttpServer.Answer(200, $"multipart/related; type=\"application/dicom\"; boundary={Boundary}", body));

    private static DicomWebStudySource Source(ScriptedHttpServer server) =>
        new("scripted", () => new HttpClient { BaseAddress = server.DicomWebRoot });

    [Fact]
    public async Task GetInstanceAsync_OnePart_ReturnsTheSentObjectAndLeavesNoTemporaryFile()
    {
        const string sample = "series/mr_brain_ge_axial_pd/brain_001.dcm";
        var expected = DicomFile.Open(TestFiles.Sample(sample));
        await using var server = await ServeAsync(Multipart(await File.ReadAllBytesAsync(TestFiles.Sample(sample))));
        var source = new DicomWebStudySource("scripted", () => new HttpClient { BaseAddress = server.DicomWebRoot }, temporaryDirectory: _folder.Path);

        var file = await source.GetInstanceAsync(new InstanceKey("1.2.3", "1.2.3.4", expected.SopInstanceUid!));

        DatasetAssert.Equal(expected.Dataset, file.Dataset);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetInstanceAsync_NotDicomOrAnotherInstance_ThrowsStudySourceExceptionAndLeavesNoTemporaryFile(bool notDicom)
    {
        var body = notDicom ? Encoding.ASCII.GetBytes("<html>login</html>") : await File.ReadAllBytesAsync(TestFiles.Sample("ct/CT2_RLE.dcm"));
        await using var server = await ServeAsync(Multipart(body));
        var source = new DicomWebStudySource("scripted", () => new HttpClient { BaseAddress = server.DicomWebRoot }, temporaryDirectory: _folder.Path);

        var e = await Assert.ThrowsAsync<StudySourceException>(() => source.GetInstanceAsync(new InstanceKey("1.2.3", "1.2.3.4", "1.2.3.4.5")));

        Assert.Equal("scripted", e.SourceId);
        Assert.Contains(notDicom ? "part 1" : "asked for instance 1.2.3.4.5", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task StageSeriesAsync_TwoParts_YieldsEachAsAFileWithTheSentBytes()
    {
        var first = await File.ReadAllBytesAsync(TestFiles.Sample("ct/CT2_RLE.dcm"));
        var second = await File.ReadAllBytesAsync(TestFiles.Sample("series/mr_brain_ge_axial_pd/brain_001.dcm"));
        await using var server = await ServeAsync(Multipart(first, second));
        var staged = new List<StagedInstance>();

        await foreach (var instance in Source(server).StageSeriesAsync("1.2.3", "1.2.3.4", new InstanceStaging(_folder.Path)))
        {
            staged.Add(instance);
        }

        Assert.Equal(2, staged.Count);
        Assert.Equal(first, await File.ReadAllBytesAsync(staged[0].Path!));
        Assert.Equal(second, await File.ReadAllBytesAsync(staged[1].Path!));
        Assert.Equal(DicomFile.Open(TestFiles.Sample("ct/CT2_RLE.dcm")).SopInstanceUid, staged[0].SopInstanceUid);
        Assert.Equal("/dicom-web/studies/1.2.3/series/1.2.3.4", Assert.Single(server.Requests).Path);
        staged.ForEach(s => s.Dispose());
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task StageSeriesAsync_SecondPartIsABareDataset_ThrowsNamingThePartAndLeavesOnlyTheFirstFile()
    {
        var first = await File.ReadAllBytesAsync(TestFiles.Sample("ct/CT2_RLE.dcm"));
        using var bare = new MemoryStream();
        DicomFileWriter.WriteDataset(bare, DicomFile.Open(TestFiles.Sample("series/mr_brain_ge_axial_pd/brain_002.dcm")).Dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        await using var server = await ServeAsync(Multipart(first, bare.ToArray()));
        var staged = new List<StagedInstance>();

        var e = await Assert.ThrowsAsync<StudySourceException>(async () =>
        {
            await foreach (var instance in Source(server).StageSeriesAsync("1.2.3", "1.2.3.4", new InstanceStaging(_folder.Path)))
            {
                staged.Add(instance);
            }
        });

        Assert.Equal("scripted", e.SourceId);
        Assert.Contains("part 2: not a DICOM Part 10 file", e.Message, StringComparison.Ordinal);
        var kept = Assert.Single(staged);
        Assert.Equal(kept.Path, Assert.Single(Directory.GetFiles(_folder.Path)));
        kept.Dispose();
    }
}
