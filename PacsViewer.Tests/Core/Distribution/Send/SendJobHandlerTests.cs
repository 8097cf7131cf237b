using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Send;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Viewing;
using PacsViewer.Tests.Core.Network;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Distribution.Send;

/// <summary>The Send handler's own rules (validation, resuming, refusals) with the built-in archive and dcmtk's storescp as peers.</summary>
public sealed class SendJobHandlerTests : IAsyncLifetime
{
    // storescp's association profile (dcmtk's -xf): Verification and MR Image Storage only, so a CT object is refused.
    internal const string MrOnlyProfile = """
        [[TransferSyntaxes]]
        [Any]
        TransferSyntax1 = LocalEndianExplicit
        TransferSyntax2 = LittleEndianImplicit
        TransferSyntax3 = RLELossless
        [[PresentationContexts]]
        [MrOnly]
        PresentationContext1 = VerificationSOPClass\Any
        PresentationContext2 = MRImageStorage\Any
        [[Profiles]]
        [MrOnly]
        PresentationContexts = MrOnly
        """;

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

    private static SendJobHandler Handler(params IStudySource[] sources) => new(new StudySourceCatalog(sources), NullLogger<SendJobHandler>.Instance);

    private async Task<(DcmtkProcess Process, DimseStudySource Destination, string Received)> StartStorescpAsync(params string[] options)
    {
        var port = LoopbackPort.Free();
        var received = Directory.CreateDirectory(_work.File("received-" + port.ToString(CultureInfo.InvariantCulture))).FullName;
        var process = DcmtkProcess.Start("storescp", [.. options, "-aet", "SENDSCP", "-od", received, port.ToString(CultureInfo.InvariantCulture)]);
        await process.WaitForPortAsync(port);
        return (process, new DimseStudySource("storescp", new DicomPeer("127.0.0.1", port, "SENDSCP"), new DicomClient(), _work.Path), received);
    }

    [Fact]
    public async Task RunAsync_DestinationRefusesOneSopClass_ThatItemFailsWithTheReasonAndTheOthersArrive()
    {
        var study = await Archive.AddStudyAsync([.. SendTestStudy.BrainSamples.Take(3), "ct/CT2_RLE.dcm"]);
        var config = _work.File("mr-only.cfg");
        await File.WriteAllTextAsync(config, MrOnlyProfile);
        var (storescp, destination, received) = await StartStorescpAsync("-xf", config, "MrOnly");
        await using var _ = storescp;
        var context = RecordingJobContext.For("archive", destination.Id, study.StudyInstanceUid);

        await Handler(Archive.Archive, destination).RunAsync(context, Hang);

        var failed = Assert.Single(context.Items, i => i.State == TransferItemState.Failed);
        Assert.Equal(study.Files[3].Sop, failed.SopInstanceUid);
        Assert.Contains("CT Image Storage", failed.Error, StringComparison.Ordinal);
        Assert.Equal((3, 1), (context.Job.DoneObjects, context.Job.FailedObjects));
        var arrived = Directory.EnumerateFiles(received).Select(f => DicomFile.Open(f, new DicomReaderOptions { StopBeforePixelData = true }).SopInstanceUid!).Order(StringComparer.Ordinal);
        Assert.Equal(study.SopInstanceUids.Take(3).Order(StringComparer.Ordinal), arrived);
    }

    [Fact]
    public async Task RunAsync_ResumedJob_SendsOnlyThePendingItems()
    {
        var study = await Archive.AddStudyAsync(SendTestStudy.BrainSamples);
        var (storescp, destination, received) = await StartStorescpAsync();
        await using var _ = storescp;
        var context = RecordingJobContext.For("archive", destination.Id, study.StudyInstanceUid);
        var planned = await SendJobHandler_PlanAsync(study);
        await context.AddItemsAsync(planned, 0);
        foreach (var item in context.Items.Take(2))
        {
            await context.ReportItemAsync(item.Id, TransferItemState.Done, 1);
        }

        await Handler(Archive.Archive, destination).RunAsync(context, Hang);

        Assert.All(context.Items, i => Assert.Equal(TransferItemState.Done, i.State));
        var arrived = Directory.EnumerateFiles(received).Select(f => DicomFile.Open(f, new DicomReaderOptions { StopBeforePixelData = true }).SopInstanceUid!).Order(StringComparer.Ordinal);
        Assert.Equal(context.Items.Skip(2).Select(i => i.SopInstanceUid!).Order(StringComparer.Ordinal), arrived);
    }

    [Fact]
    public async Task RunAsync_DestinationUnreachable_ThrowsForARetryAndLeavesItemsPending()
    {
        var study = await Archive.AddStudyAsync(SendTestStudy.BrainSamples[0]);
        var destination = new DimseStudySource("down", new DicomPeer("127.0.0.1", LoopbackPort.Free(), "DOWN"), new DicomClient(), _work.Path);
        var context = RecordingJobContext.For("archive", destination.Id, study.StudyInstanceUid);

        var error = await Assert.ThrowsAsync<StudySourceException>(() => Handler(Archive.Archive, destination).RunAsync(context, Hang));

        Assert.Contains("C-STORE", error.Message, StringComparison.Ordinal);
        Assert.Equal(TransferItemState.Pending, Assert.Single(context.Items).State);
    }

    [Theory]
    [InlineData("nosuch", "storescp", "unknown source 'nosuch'")]
    [InlineData("archive", "nosuch", "unknown destination 'nosuch'")]
    [InlineData("archive", "archive", "the destination is the source (archive)")]
    public async Task RunAsync_ImpossibleJob_FailsWithTransferJobException(string source, string destination, string message)
    {
        var other = new DimseStudySource("storescp", new DicomPeer("127.0.0.1", 104, "NONE"), new DicomClient(), _work.Path);
        var context = RecordingJobContext.For(source, destination, "2.25.1");

        var error = await Assert.ThrowsAsync<TransferJobException>(() => Handler(Archive.Archive, other).RunAsync(context, Hang));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task RunAsync_StudyNotInSource_FailsWithTransferJobException()
    {
        var other = new DimseStudySource("storescp", new DicomPeer("127.0.0.1", 104, "NONE"), new DicomClient(), _work.Path);
        var context = RecordingJobContext.For("archive", "storescp", "2.25.42");

        var error = await Assert.ThrowsAsync<TransferJobException>(() => Handler(Archive.Archive, other).RunAsync(context, Hang));

        Assert.Equal("study 2.25.42 was not found in archive, or has no instances", error.Message);
        Assert.Empty(context.Items);
    }

    [Fact]
    public async Task RunAsync_MoveFromTheArchive_FailsBecauseCMoveNeedsADimseSource()
    {
        var study = await Archive.AddStudyAsync(SendTestStudy.BrainSamples[0]);
        var other = new DimseStudySource("storescp", new DicomPeer("127.0.0.1", 104, "NONE"), new DicomClient(), _work.Path);
        var context = RecordingJobContext.For("archive", "storescp", study.StudyInstanceUid, parametersJson: """{"Method":"Move"}""");

        var error = await Assert.ThrowsAsync<TransferJobException>(() => Handler(Archive.Archive, other).RunAsync(context, Hang));

        Assert.Equal("C-MOVE needs a DIMSE source", error.Message);
    }

    private async Task<List<TransferJobItem>> SendJobHandler_PlanAsync(SendTestStudy study)
    {
        var context = RecordingJobContext.For("archive", "unused", study.StudyInstanceUid);
        var series = await Archive.Archive.SearchSeriesAsync(study.StudyInstanceUid).ToListAsync();
        Assert.NotEmpty(series);
        return [.. study.Files.Select(f => new TransferJobItem { State = TransferItemState.Pending, SeriesInstanceUid = f.Series, SopInstanceUid = f.Sop, Label = "test" })];
    }
}
