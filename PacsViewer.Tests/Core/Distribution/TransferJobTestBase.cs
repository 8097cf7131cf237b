using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Distribution;

/// <summary>
/// Base of the transfer job suites: a fresh app database of the provider under test, Core wired over the hand-moved
/// clock, with short backoff (10 s base, 3 attempts) and a fast heartbeat (so a cancel set in the database is seen).
/// </summary>
public abstract class TransferJobTestBase : AppDatabaseTestBase
{
    protected static readonly TimeSpan Base = TimeSpan.FromSeconds(10);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Distribution:Jobs:BaseDelay", "00:00:10"), new("Distribution:Jobs:MaxDelay", "00:10:00"), new("Distribution:Jobs:MaxAttempts", "3"),
        new("Distribution:Jobs:Heartbeat", "00:00:00.100"), new("Distribution:Jobs:Lease", "00:01:00"), new("Distribution:Jobs:PollInterval", "00:00:00.200"),
    ];

    /// <summary>A runner over this test's database with these handlers (as a server with those handlers registered).</summary>
    protected TransferJobRunner NewRunner(params ITransferJobHandler[] handlers) =>
        new(Get<PacsViewerDatabase>(), handlers, Get<TransferJobSignal>(), Get<IOptions<TransferJobOptions>>(), Clock);

    protected Task<long> EnqueueAsync(int count = 3, TransferJobKind kind = TransferJobKind.Send, string createdBy = "radiologist",
        IReadOnlyCollection<TransferJobItem>? items = null) =>
        Get<ITransferJobQueue>().EnqueueAsync(new TransferJob
        {
            Kind = kind,
            CreatedBy = createdBy,
            SourceName = Source,
            StudyInstanceUid = "2.25.1000",
            PatientId = "PAT-J",
            PatientName = "DOE^JOBS",
            Description = "CT chest to ORTHANC by C-STORE",
            Destination = kind == TransferJobKind.Export ? null : "ORTHANC",
            ParametersJson = JsonSerializer.Serialize(new TestJobParameters(count), new JsonSerializerOptions(JsonSerializerDefaults.Web)),
        }, items);

    protected async Task<TransferJob> JobAsync(long id)
    {
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        return await db.TransferJobs.AsNoTracking().SingleAsync(j => j.Id == id);
    }

    protected async Task<List<TransferJobItem>> ItemsAsync(long id)
    {
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        return await db.TransferJobItems.AsNoTracking().Where(i => i.JobId == id).OrderBy(i => i.Id).ToListAsync();
    }

    /// <summary>The audit rows naming job <paramref name="id"/>, oldest first.</summary>
    protected async Task<List<AuditEvent>> AuditAsync(long id)
    {
        var key = id.ToString(CultureInfo.InvariantCulture);
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        return await db.AuditEvents.AsNoTracking().Where(e => e.ObjectType == AuditObjectTypes.TransferJob && e.ObjectId == key)
            .OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>Changes a job's row directly, as another server (or a crash) would leave it.</summary>
    protected async Task UpdateJobAsync(long id, Action<TransferJob> change)
    {
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        var job = await db.TransferJobs.SingleAsync(j => j.Id == id);
        change(job);
        await db.SaveChangesAsync();
    }
}
