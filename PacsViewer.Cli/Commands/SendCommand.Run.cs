using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Send;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// Running a Send job in this process: it is queued like any job (so it is audited and listed on the jobs page), then
/// claimed at once by a lease of this process while still Queued (a server's runner that took it first keeps it), run
/// with a line per object, and finished with its final state from its items and an audit record of the outcome.
/// </summary>
internal sealed partial class SendCommand
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private static async Task<int> RunHereAsync(PacsViewerDatabase app, TransferJob job, SendJobHandler handler, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        var id = await new TransferJobQueue(app, new TransferJobSignal(), TimeProvider.System).EnqueueAsync(job, null, cancellationToken).ConfigureAwait(false);
        var owner = string.Create(CultureInfo.InvariantCulture, $"pacs send/{Environment.ProcessId}/{Guid.NewGuid():N}");
        if (!await ClaimAsync(app, id, owner, cancellationToken).ConfigureAwait(false))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"job {id}: taken by the server's job runner, which carries it out")).ConfigureAwait(false);
            return CliApp.Success;
        }
        TransferJob claimed;
        await using (var db = app.CreateContext())
        {
            claimed = await db.TransferJobs.AsNoTracking().SingleAsync(j => j.Id == id, cancellationToken).ConfigureAwait(false);
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"job {id}: {claimed.Description}")).ConfigureAwait(false);
        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = HeartbeatAsync(app, id, owner, stopHeartbeat.Token);
        string? failure = null;
        var cancelled = false;
        try
        {
            await handler.RunAsync(new PrintingJobContext(new DatabaseTransferJobContext(app, claimed, TimeProvider.System), output), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        catch (Exception e)
        {
            failure = NetworkCommandSupport.OneLine(e.Message);
        }
        finally
        {
            await stopHeartbeat.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }
        var (state, done, failed, total) = await FinishAsync(app, id, failure, cancelled).ConfigureAwait(false);
        await new DatabaseAuditLog(app, TimeProvider.System).RecordAsync(new AuditEntry(AuditActions.StudySent,
            state == TransferJobState.Succeeded ? AuditOutcome.Success : state == TransferJobState.PartlyFailed ? AuditOutcome.MinorFailure : AuditOutcome.SeriousFailure)
        {
            UserName = claimed.CreatedBy,
            SourceName = claimed.SourceName,
            StudyInstanceUid = claimed.StudyInstanceUid,
            ObjectType = AuditObjectTypes.TransferJob,
            ObjectId = id.ToString(CultureInfo.InvariantCulture),
            Detail = string.Create(CultureInfo.InvariantCulture, $"Send job to {claimed.Destination} {state.ToString().ToLowerInvariant()}: {done} of {total} objects ({failed} failed), run by pacs send"),
        }, CancellationToken.None).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"job {id}: {state}, {done} of {total} objects sent, {failed} failed")).ConfigureAwait(false);
        if (failure is not null)
        {
            await error.WriteLineAsync($"pacs send: {failure}").ConfigureAwait(false);
        }
        else if (state != TransferJobState.Succeeded)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"pacs send: {failed} of {total} objects were not sent")).ConfigureAwait(false);
        }
        if (cancelled)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        return state == TransferJobState.Succeeded ? CliApp.Success : CliApp.Failure;
    }

    private static async Task<bool> ClaimAsync(PacsViewerDatabase app, long id, string owner, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = app.CreateContext();
        return await db.TransferJobs.Where(j => j.Id == id && j.State == TransferJobState.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, TransferJobState.Running)
                .SetProperty(j => j.LeaseOwner, owner)
                .SetProperty(j => j.LeaseExpiresAt, now + Lease)
                .SetProperty(j => j.StartedAt, now)
                .SetProperty(j => j.UpdatedAt, now)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                .SetProperty(j => j.Version, Guid.NewGuid()), cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Extends this process's lease every minute, so a server's runner resumes the job only if this process died.</summary>
    private static async Task HeartbeatAsync(PacsViewerDatabase app, long id, string owner, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
                var now = DateTimeOffset.UtcNow;
                await using var db = app.CreateContext();
                await db.TransferJobs.Where(j => j.Id == id && j.LeaseOwner == owner)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, now + Lease).SetProperty(j => j.UpdatedAt, now), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The final state from the items (all done: Succeeded; some: PartlyFailed; none, or the run failed: Failed), saved with the lease released.</summary>
    private static async Task<(TransferJobState State, int Done, int Failed, int Total)> FinishAsync(PacsViewerDatabase app, long id, string? failure, bool cancelled)
    {
        await using var db = app.CreateContext();
        var states = await db.TransferJobItems.AsNoTracking().Where(i => i.JobId == id).Select(i => i.State).ToListAsync(CancellationToken.None).ConfigureAwait(false);
        var done = states.Count(s => s is TransferItemState.Done or TransferItemState.Skipped);
        var failed = states.Count(s => s == TransferItemState.Failed);
        var state = cancelled ? TransferJobState.Cancelled
            : failure is not null || done == 0 ? TransferJobState.Failed
            : failed > 0 || done < states.Count ? TransferJobState.PartlyFailed
            : TransferJobState.Succeeded;
        var now = DateTimeOffset.UtcNow;
        await db.TransferJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, state)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.UpdatedAt, now)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(j => j.LastError, failure)
            .SetProperty(j => j.Version, Guid.NewGuid()), CancellationToken.None).ConfigureAwait(false);
        return (state, done, failed, states.Count);
    }
}
