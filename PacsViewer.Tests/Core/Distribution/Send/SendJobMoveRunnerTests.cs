using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Send;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Viewing;
using PacsViewer.Tests.Core.Network;
using PacsViewer.Tests.Fixtures;
using Xunit.Abstractions;

namespace PacsViewer.Tests.Core.Distribution.Send;

/// <summary>
/// A Send job by C-MOVE carried out by a real Orthanc and run by the job runner over an app database (SQLite), to a
/// dcmtk storescp that takes MR only: the job's items, counters and audit record when some sub-operations are refused.
/// The class has its own Orthanc: it stores studies.
/// </summary>
public sealed class SendJobMoveRunnerTests(OrthancFixture orthanc, ITestOutputHelper output) : TransferJobTestBase, IClassFixture<OrthancFixture>, IDisposable
{
    private readonly TempDirectory _work = new("pacsviewer-move-work-");

    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task RunDueAsync_MoveThatOrthancPartlyCarriesOut_RefusedObjectsFailedOthersDoneCountersAndAuditPartlyFailed()
    {
        // Three series: CT (series 1), MR (2, three images), CT (365). The storescp takes MR only, so Orthanc's CT
        // sub-operations are refused. Orthanc sends in the order it received the files (MR first): it completes the three
        // MR, then stops at the first CT and answers 0xC000 with all counts 0 and no Failed SOP Instance UID List, while
        // the pending counts (1, 2, 3) have marked the first three items in series order (CT 1, MR 1, MR 2) Done.
        var study = SendTestStudy.Create(_work.Path, ["ct/CT2_RLE.dcm", .. SendTestStudy.BrainSamples.Take(3), "ct/CT-MONO2-16-ankle.dcm"]);
        var ct = new[] { study.Files[0].Sop, study.Files[4].Sop };
        var mr = study.SopInstanceUids.Except(ct).ToArray();
        foreach (var file in study.Files.Skip(1).Take(3).Concat([study.Files[0], study.Files[4]]))
        {
            Assert.NotNull(await orthanc.Server.UploadAsync(file.Path));
        }
        var port = LoopbackPort.Free();
        var ae = "MR" + port.ToString(CultureInfo.InvariantCulture);
        var config = _work.File("mr-only.cfg");
        await File.WriteAllTextAsync(config, SendJobHandlerTests.MrOnlyProfile);
        var received = Directory.CreateDirectory(_work.File("received")).FullName;
        await using var storescp = DcmtkProcess.Start("storescp", "-v", "-xf", config, "MrOnly", "-aet", ae, "-od", received, port.ToString(CultureInfo.InvariantCulture));
        await storescp.WaitForPortAsync(port);
        await orthanc.Server.AddModalityAsync(new OrthancModality(ae.ToLowerInvariant(), ae, port));
        var source = new DimseStudySource("orthanc-dimse", new DicomPeer("127.0.0.1", orthanc.Server.DicomPort, orthanc.Server.AeTitle),
            new DicomClient(new DicomClientOptions { CallingAeTitle = "PVMOVER" }), _work.Path);
        var destination = new DimseStudySource("storescp", new DicomPeer("127.0.0.1", port, ae), new DicomClient(), _work.Path);
        var handler = new SendJobHandler(new StudySourceCatalog([source, destination]), NullLogger<SendJobHandler>.Instance);
        var id = await Get<ITransferJobQueue>().EnqueueAsync(new TransferJob
        {
            Kind = TransferJobKind.Send,
            CreatedBy = "radiologist",
            SourceName = source.Id,
            Destination = destination.Id,
            StudyInstanceUid = study.StudyInstanceUid,
            ParametersJson = """{"method":"Move"}""",
        });

        Assert.Equal(1, await NewRunner(handler).RunDueAsync());

        var job = await JobAsync(id);
        Assert.True(job.State == TransferJobState.PartlyFailed, $"{job.State}: {job.LastError}\nOrthanc:\n{orthanc.Server.LogTail}\nstorescp:\n{storescp.Output}");
        Assert.Equal((TransferJobState.PartlyFailed, 5, 3, 2, 0L, "2 of 5 objects failed"),
            (job.State, job.TotalObjects, job.DoneObjects, job.FailedObjects, job.DoneBytes, job.LastError));
        var items = await ItemsAsync(id);
        // What Orthanc did, for whoever reads the test log: each item's outcome, and storescp's side.
        foreach (var item in items)
        {
            output.WriteLine($"{item.Label}: {item.State} {item.Error}");
        }
        output.WriteLine(storescp.Output);
        Assert.Equal(ct.Order(StringComparer.Ordinal), items.Where(i => i.State == TransferItemState.Failed).Select(i => i.SopInstanceUid!).Order(StringComparer.Ordinal));
        Assert.Equal(mr.Order(StringComparer.Ordinal), items.Where(i => i.State == TransferItemState.Done).Select(i => i.SopInstanceUid!).Order(StringComparer.Ordinal));
        Assert.All(items.Where(i => i.State == TransferItemState.Done), i => Assert.Null(i.Error));
        Assert.All(items.Where(i => i.State == TransferItemState.Failed), i =>
        {
            Assert.StartsWith($"orthanc-dimse could not send it to {ae}: the C-MOVE of 5 instances ended with status 0xC000 (Failure) after ",
                i.Error, StringComparison.Ordinal);
            Assert.EndsWith("sub-operations completed, without naming the ones that failed, and a C-MOVE of this instance alone ended with status 0xC000 (Failure)",
                i.Error, StringComparison.Ordinal);
        });
        var arrived = Directory.EnumerateFiles(received).Select(f => DicomFile.Open(f, new DicomReaderOptions { StopBeforePixelData = true }).SopInstanceUid!);
        Assert.Equal(mr.Order(StringComparer.Ordinal), arrived.Distinct().Order(StringComparer.Ordinal));
        var outcome = (await AuditAsync(id))[^1];
        Assert.Equal((AuditActions.StudySent, AuditOutcome.MinorFailure, "Send job to storescp partly failed: 3 done, 2 failed of 5 objects"),
            (outcome.Action, outcome.Outcome, outcome.Detail));
    }
}
