using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Send;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Security;
using PacsViewer.Core.Viewing;
using PacsViewer.Tests.Core.Distribution.Send;
using PacsViewer.Tests.Core.Network;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Web.Distribution;

/// <summary>A user's send request in the running app: permission and study access checked, then the job carried out by the app's own job runner.</summary>
public sealed class SendRequestServiceTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly PacsViewerWebApplicationFactory _app = new();
    private readonly TempDirectory _work = new("pacs-send-web-");

    public void Dispose()
    {
        _app.Dispose();
        _work.Dispose();
    }

    internal static ClaimsPrincipal User(string name, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "test"));

    internal static async Task<SendTestStudy> AddStudyAsync(IServiceProvider services, string folder, params string[] samples)
    {
        var study = SendTestStudy.Create(Directory.CreateDirectory(folder).FullName, samples);
        var archive = services.GetRequiredService<LocalArchive>();
        await archive.InitializeAsync();
        foreach (var file in study.Files)
        {
            Assert.Equal(ArchiveStoreOutcome.Stored, (await archive.AddAsync(DicomFile.Open(file.Path))).Outcome);
        }
        return study;
    }

    private async Task<T> InScopeAsync<T>(Func<SendRequestService, Task<T>> action)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<SendRequestService>());
    }

    [Fact]
    public async Task RequestAsync_Clinician_RefusedBecauseTheRoleMayNotSend()
    {
        _ = _app.Server; // start the app (migrations)
        var study = await AddStudyAsync(_app.Services, _work.File("study"), SendTestStudy.BrainSamples[0]);
        _app.Services.GetRequiredService<StudySourceCatalog>().Set(new DimseStudySource("elsewhere", new DicomPeer("127.0.0.1", 104, "ELSEWHERE"), new DicomClient(), _work.Path));

        var error = await Assert.ThrowsAsync<SendRequestException>(() => InScopeAsync(s =>
            s.RequestAsync(User("clinician", PacsRoles.Clinician), new SendRequest("archive", study.StudyInstanceUid, null, "elsewhere"))));
        var allowed = await InScopeAsync(s => s.CanSendAsync(User("clinician", PacsRoles.Clinician)));

        Assert.Equal("Your role is not allowed to send studies (an admin sets who may)", error.Message);
        Assert.False(allowed);
        await using var db = _app.Services.GetRequiredService<PacsViewerDatabase>().CreateContext();
        Assert.Empty(await db.TransferJobs.AsNoTracking().ToListAsync());
    }

    [Fact]
    public async Task RequestAsync_MoveFromTheArchive_RefusedBeforeQueueing()
    {
        _ = _app.Server;
        var study = await AddStudyAsync(_app.Services, _work.File("study"), SendTestStudy.BrainSamples[0]);
        _app.Services.GetRequiredService<StudySourceCatalog>().Set(new DimseStudySource("elsewhere", new DicomPeer("127.0.0.1", 104, "ELSEWHERE"), new DicomClient(), _work.Path));

        var error = await Assert.ThrowsAsync<SendRequestException>(() => InScopeAsync(s =>
            s.RequestAsync(User("radiologist", PacsRoles.Radiologist), new SendRequest("archive", study.StudyInstanceUid, null, "elsewhere", SendMethod.Move))));

        Assert.Equal("C-MOVE needs a DIMSE source and a DIMSE destination", error.Message);
    }

    [Fact]
    public async Task RequestAsync_RadiologistToDestinationRefusingCt_RunnerEndsThePartlyFailedJobWithTheReason()
    {
        _ = _app.Server;
        var study = await AddStudyAsync(_app.Services, _work.File("study"), [.. SendTestStudy.BrainSamples.Take(3), "ct/CT2_RLE.dcm"]);
        var config = _work.File("mr-only.cfg");
        await File.WriteAllTextAsync(config, """
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
            """);
        var port = LoopbackPort.Free();
        var received = Directory.CreateDirectory(_work.File("received")).FullName;
        await using var storescp = DcmtkProcess.Start("storescp", "-xf", config, "MrOnly", "-aet", "WEBSCP", "-od", received, port.ToString(CultureInfo.InvariantCulture));
        await storescp.WaitForPortAsync(port);
        _app.Services.GetRequiredService<StudySourceCatalog>().Set(new DimseStudySource("scp", new DicomPeer("127.0.0.1", port, "WEBSCP"), new DicomClient(), _work.Path));

        var id = await InScopeAsync(s => s.RequestAsync(User("radiologist", PacsRoles.Radiologist), new SendRequest("archive", study.StudyInstanceUid, null, "scp")));

        var database = _app.Services.GetRequiredService<PacsViewerDatabase>();
        TransferJob job;
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            await using (var db = database.CreateContext())
            {
                job = await db.TransferJobs.AsNoTracking().SingleAsync(j => j.Id == id);
            }
            if (job.State is not (TransferJobState.Queued or TransferJobState.Running) || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.Equal(TransferJobState.PartlyFailed, job.State);
        Assert.Equal((4, 3, 1, "radiologist", "scp"), (job.TotalObjects, job.DoneObjects, job.FailedObjects, job.CreatedBy, job.Destination));
        Assert.EndsWith(" to scp by C-STORE", job.Description, StringComparison.Ordinal);
        Assert.Contains("MR", job.Description, StringComparison.Ordinal);
        Assert.Equal("SEND-TEST", job.PatientId);
        await using var check = database.CreateContext();
        var failed = await check.TransferJobItems.AsNoTracking().SingleAsync(i => i.JobId == id && i.State == TransferItemState.Failed);
        Assert.Equal(study.Files[3].Sop, failed.SopInstanceUid);
        Assert.Contains("CT Image Storage", failed.Error, StringComparison.Ordinal);
        var audit = await check.AuditEvents.AsNoTracking().Where(e => e.Action == AuditActions.StudySent && e.ObjectId == id.ToString(CultureInfo.InvariantCulture)).ToListAsync();
        Assert.Contains(audit, e => e.UserName == "radiologist" && e.StudyInstanceUid == study.StudyInstanceUid);
        Assert.Equal(3, Directory.EnumerateFiles(received).Count());
    }
}
