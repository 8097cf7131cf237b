using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Send;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Viewing;
using PacsViewer.Tests.Core.Network;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Distribution.Send;

/// <summary>
/// Sending to and from a real Orthanc: C-STORE and STOW-RS from the built-in archive, and a C-MOVE that Orthanc carries
/// out. The class has its own Orthanc (not the shared collection's): it stores studies, and other classes assert the
/// exact set of studies the shared one holds.
/// </summary>
public sealed class SendJobHandlerOrthancTests(OrthancFixture orthanc) : IClassFixture<OrthancFixture>, IAsyncLifetime
{
    private SendTestArchive? _archive;
    private readonly TempDirectory _work = new("pacsviewer-send-work-");

    private static CancellationToken Hang => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    private SendTestArchive Archive => _archive!;

    public async Task InitializeAsync() => _archive = await SendTestArchive.CreateAsync();

    public Task DisposeAsync()
    {
        _archive?.Dispose();
        _work.Dispose();
        return Task.CompletedTask;
    }

    private DimseStudySource OrthancDimse(string id = "orthanc-dimse") => new(id, new DicomPeer("127.0.0.1", orthanc.Server.DicomPort, orthanc.Server.AeTitle),
        new DicomClient(new DicomClientOptions { CallingAeTitle = "PVSENDER" }), _work.Path);

    private DicomWebStudySource OrthancWeb() => new("orthanc-web", () => new HttpClient { BaseAddress = orthanc.Server.DicomWebRoot, Timeout = TimeSpan.FromSeconds(60) },
        temporaryDirectory: _work.File("wado"));

    private static SendJobHandler Handler(params IStudySource[] sources) => new(new StudySourceCatalog(sources), NullLogger<SendJobHandler>.Instance);

    private static byte[] Pixels(DicomDataset dataset) => Assert.IsType<DicomValueElement>(dataset[DicomTags.PixelData]).GetBytes().ToArray();

    [Fact]
    public async Task RunAsync_StoreFromArchiveToDimseOrthanc_OrthancHoldsEveryInstanceWithItsPixels()
    {
        var study = await Archive.AddStudyAsync(SendTestStudy.BrainSamples);
        var destination = OrthancDimse();
        var context = RecordingJobContext.For("archive", destination.Id, study.StudyInstanceUid);

        await Handler(Archive.Archive, destination).RunAsync(context, Hang);

        Assert.Equal(study.Files.Count, context.Job.TotalObjects);
        Assert.All(context.Items, i => Assert.Equal(TransferItemState.Done, i.State));
        Assert.Equal(study.Files.Count, context.Job.DoneObjects);
        Assert.True(context.Job.DoneBytes > study.Files.Count * 100_000L, $"{context.Job.DoneBytes} bytes reported");
        // Read back by C-FIND, and one instance by C-GET: the same pixels.
        var series = Assert.Single(await destination.SearchSeriesAsync(study.StudyInstanceUid, Hang).ToListAsync());
        var found = await destination.SearchInstancesAsync(study.StudyInstanceUid, series.GetString(DicomTags.SeriesInstanceUID)!.Trim('\0', ' '), Hang).ToListAsync();
        Assert.Equal(study.SopInstanceUids.Order(StringComparer.Ordinal), found.Select(f => f.GetString(DicomTags.SOPInstanceUID)!.Trim('\0', ' ')).Order(StringComparer.Ordinal));
        var (path, seriesUid, sop, _) = study.Files[2];
        var back = await destination.GetInstanceAsync(new InstanceKey(study.StudyInstanceUid, seriesUid, sop), Hang);
        Assert.Equal(Pixels(DicomFile.Open(path).Dataset), Pixels(back.Dataset));
    }

    [Fact]
    public async Task RunAsync_StoreFromArchiveToDicomWebOrthanc_QidoFindsThemAndWadoReturnsTheSameObject()
    {
        var study = await Archive.AddStudyAsync(SendTestStudy.BrainSamples);
        var destination = OrthancWeb();
        var context = RecordingJobContext.For("archive", destination.Id, study.StudyInstanceUid);

        await Handler(Archive.Archive, destination).RunAsync(context, Hang);

        Assert.All(context.Items, i => Assert.Equal(TransferItemState.Done, i.State));
        Assert.Equal(study.Files.Count, context.Job.DoneObjects);
        var series = Assert.Single(await destination.SearchSeriesAsync(study.StudyInstanceUid, Hang).ToListAsync());
        Assert.Equal(study.Files.Count.ToString(CultureInfo.InvariantCulture), series.GetString(DicomTags.NumberOfSeriesRelatedInstances));
        var (path, seriesUid, sop, _) = study.Files[0];
        var back = await destination.GetInstanceAsync(new InstanceKey(study.StudyInstanceUid, seriesUid, sop), Hang);
        Assert.Equal("SEND^TEST", back.Dataset.GetString(DicomTags.PatientName));
        Assert.Equal(Pixels(DicomFile.Open(path).Dataset), Pixels(back.Dataset));
    }

    [Fact]
    public async Task RunAsync_OneSeriesOnly_SendsThatSeriesAlone()
    {
        var study = await Archive.AddStudyAsync([.. SendTestStudy.BrainSamples.Take(2), "ct/CT2_RLE.dcm"]);
        var ct = study.Files[2];
        var destination = OrthancWeb();
        var context = RecordingJobContext.For("archive", destination.Id, study.StudyInstanceUid, ct.Series);

        await Handler(Archive.Archive, destination).RunAsync(context, Hang);

        var item = Assert.Single(context.Items);
        Assert.Equal((TransferItemState.Done, ct.Sop), (item.State, item.SopInstanceUid));
        var series = Assert.Single(await destination.SearchSeriesAsync(study.StudyInstanceUid, Hang).ToListAsync());
        Assert.Equal(ct.Series, series.GetString(DicomTags.SeriesInstanceUID));
    }

    [Fact]
    public async Task RunAsync_MoveFromOrthancToStorescp_OrthancSendsEveryInstanceThere()
    {
        var study = SendTestStudy.Create(_work.Path, SendTestStudy.BrainSamples);
        foreach (var file in study.Files)
        {
            Assert.NotNull(await orthanc.Server.UploadAsync(file.Path));
        }
        var port = LoopbackPort.Free();
        var ae = "MV" + port.ToString(CultureInfo.InvariantCulture);
        var received = Directory.CreateDirectory(_work.File("received")).FullName;
        await using var storescp = DcmtkProcess.Start("storescp", "-aet", ae, "-od", received, port.ToString(CultureInfo.InvariantCulture));
        await storescp.WaitForPortAsync(port);
        await orthanc.Server.AddModalityAsync(new OrthancModality(ae.ToLowerInvariant(), ae, port));
        var source = OrthancDimse();
        var destination = new DimseStudySource("storescp", new DicomPeer("127.0.0.1", port, ae), new DicomClient(), _work.Path);
        var context = RecordingJobContext.For(source.Id, destination.Id, study.StudyInstanceUid, parametersJson: """{"Method":"Move"}""");

        await Handler(source, destination).RunAsync(context, Hang);

        Assert.Equal(study.Files.Count, context.Job.TotalObjects);
        Assert.All(context.Items, i => Assert.Equal(TransferItemState.Done, i.State));
        var arrived = Directory.EnumerateFiles(received).Select(f => DicomFile.Open(f, new DicomReaderOptions { StopBeforePixelData = true }).SopInstanceUid!).Order(StringComparer.Ordinal);
        Assert.Equal(study.SopInstanceUids.Order(StringComparer.Ordinal), arrived);
    }

    [Fact]
    public async Task RunAsync_MoveToAnAeOrthancDoesNotKnow_FailsTheJobWithoutRetry()
    {
        var study = SendTestStudy.Create(_work.Path, SendTestStudy.BrainSamples[0]);
        Assert.NotNull(await orthanc.Server.UploadAsync(study.Files[0].Path));
        var source = OrthancDimse();
        var destination = new DimseStudySource("nowhere", new DicomPeer("127.0.0.1", LoopbackPort.Free(), "UNKNOWNAE"), new DicomClient(), _work.Path);
        var context = RecordingJobContext.For(source.Id, destination.Id, study.StudyInstanceUid, parametersJson: """{"Method":"Move"}""");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Handler(source, destination).RunAsync(context, Hang));

        Assert.True(error is TransferJobException or StudySourceException, error.ToString());
        Assert.Contains("UNKNOWNAE", error.Message, StringComparison.Ordinal);
        Assert.All(context.Items, i => Assert.Equal(TransferItemState.Pending, i.State));
    }
}
