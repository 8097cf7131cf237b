using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PacsViewer.Core.Audit;

namespace PacsViewer.Core.Distribution;

/// <summary>One run of a claimed job: the handler under a heartbeat, then the job's next state.</summary>
public sealed partial class TransferJobRunner
{
    private async Task RunClaimedAsync(TransferJob job, Func<ITransferJobContext, ITransferJobContext>? wrapContext, CancellationToken stopping)
    {
        try
        {
            await RunOneAsync(job, wrapContext, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // Recording the outcome failed (database gone): the lease runs out and the job is resumed later.
            _logger.LogError(e, "Transfer job {JobId}: recording the run's outcome failed; it will be resumed when its lease expires", job.Id);
        }
        finally
        {
            _signal.Changed(job.Id);
        }
    }

    private async Task RunOneAsync(TransferJob job, Func<ITransferJobContext, ITransferJobContext>? wrapContext, CancellationToken stopping)
    {
        if (job.CancelRequested)
        {
            // Cancelled while its server was down: nothing more to do.
            await FinishAsync(job, TransferJobState.Cancelled, null, null).ConfigureAwait(false);
            return;
        }
        if (!_handlers.TryGetValue(job.Kind, out var handler))
        {
            var reason = $"No handler is registered for {job.Kind} jobs on this server";
            await FinishAsync(job, TransferJobState.Failed, reason, reason).ConfigureAwait(false);
            return;
        }

        using var cancel = new CancellationTokenSource();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancel.Token);
        var userCancelled = false;
        var lostLease = false;
        using var registration = _signal.OnCancel(job.Id, () =>
        {
            userCancelled = true;
            TryCancel(cancel);
        });
        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(run.Token);
        var heartbeat = HeartbeatAsync(job.Id, () => { userCancelled = true; TryCancel(cancel); }, () => { lostLease = true; TryCancel(cancel); },
            heartbeatStop.Token);

        Exception? failure = null;
        _logger.LogInformation("Transfer job {JobId} ({Kind}) started, attempt {Attempt}", job.Id, job.Kind, job.Attempts);
        try
        {
            ITransferJobContext context = new DatabaseTransferJobContext(_database, job, _time, _signal);
            if (wrapContext is not null)
            {
                context = wrapContext(context);
            }
            await handler.RunAsync(context, run.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure of a handler is the job's failure: recorded, retried or failed, never the runner's.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }
        finally
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }

        if (lostLease)
        {
            _logger.LogWarning("Transfer job {JobId}: its lease was lost (another runner took it); this run's outcome is dropped", job.Id);
            return;
        }
        if (failure is not null && userCancelled)
        {
            await FinishAsync(job, TransferJobState.Cancelled, null, null).ConfigureAwait(false);
            return;
        }
        if (failure is not null && stopping.IsCancellationRequested)
        {
            await ReleaseAsync(job).ConfigureAwait(false);
            return;
        }
        if (failure is TransferJobException impossible)
        {
            var reason = DatabaseTransferJobContext.Short(impossible.Message);
            await FinishAsync(job, TransferJobState.Failed, reason, reason).ConfigureAwait(false);
            return;
        }
        if (failure is not null)
        {
            await RetryOrFailAsync(job, Describe(failure)).ConfigureAwait(false);
            return;
        }

        // The handler returned: the final state follows from the items.
        var counts = await CountItemsAsync(job.Id).ConfigureAwait(false);
        if (counts.Pending > 0 && userCancelled)
        {
            await FinishAsync(job, TransferJobState.Cancelled, null, null).ConfigureAwait(false);
        }
        else if (counts.Pending > 0)
        {
            await RetryOrFailAsync(job, $"The run ended with {counts.Pending} objects not transferred").ConfigureAwait(false);
        }
        else if (counts.Failed == 0)
        {
            await FinishAsync(job, TransferJobState.Succeeded, null, null).ConfigureAwait(false);
        }
        else
        {
            var state = counts.Done + counts.Skipped == 0 ? TransferJobState.Failed : TransferJobState.PartlyFailed;
            await FinishAsync(job, state, $"{counts.Failed} of {counts.Total} objects failed", null).ConfigureAwait(false);
        }
    }

    /// <summary>Renews the lease every heartbeat and reads the cancel flag (set by a user on any server).</summary>
    private async Task HeartbeatAsync(long id, Action cancelled, Action lost, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.Heartbeat, _time, cancellationToken).ConfigureAwait(false);
                var now = _time.GetUtcNow();
                var lease = now + _options.Lease;
                await using var db = _database.CreateContext();
                var renewed = await db.TransferJobs.Where(j => j.Id == id && j.LeaseOwner == Owner && j.State == TransferJobState.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, lease), cancellationToken).ConfigureAwait(false);
                if (renewed == 0)
                {
                    lost();
                    return;
                }
                if (await db.TransferJobs.AnyAsync(j => j.Id == id && j.CancelRequested, cancellationToken).ConfigureAwait(false))
                {
                    cancelled();
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed renewal is tried again at the next beat; the lease is long enough for a few.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.LogWarning("Transfer job {JobId}: renewing its lease failed ({Error}); trying again", id, e.GetType().Name);
            }
        }
    }

    private async Task<ItemCounts> CountItemsAsync(long id)
    {
        await using var db = _database.CreateContext();
        var counts = await db.TransferJobItems.Where(i => i.JobId == id).GroupBy(i => i.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(CancellationToken.None).ConfigureAwait(false);
        int Of(TransferItemState s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        return new ItemCounts(Of(TransferItemState.Pending), Of(TransferItemState.Done), Of(TransferItemState.Failed), Of(TransferItemState.Skipped));
    }

    /// <summary>Back to the queue with backoff, or Failed (with its Pending items) after the last attempt.</summary>
    private async Task RetryOrFailAsync(TransferJob job, string error)
    {
        if (job.Attempts >= _options.MaxAttempts)
        {
            await FinishAsync(job, TransferJobState.Failed, $"Failed after {job.Attempts} attempts: {error}", error).ConfigureAwait(false);
            return;
        }
        var now = _time.GetUtcNow();
        var next = now + _options.DelayAfter(job.Attempts);
        var message = DatabaseTransferJobContext.Short(error);
        await using var db = _database.CreateContext();
        await db.TransferJobs.Where(j => j.Id == job.Id && j.LeaseOwner == Owner && j.State == TransferJobState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, TransferJobState.Queued)
                .SetProperty(j => j.NextAttemptAt, next)
                .SetProperty(j => j.LastError, message)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
                .SetProperty(j => j.UpdatedAt, now)
                .SetProperty(j => j.Version, Guid.NewGuid()), CancellationToken.None).ConfigureAwait(false);
        _logger.LogWarning("Transfer job {JobId} ({Kind}) attempt {Attempt} failed, retrying at {NextAttemptAt:o}: {Error}", job.Id, job.Kind,
            job.Attempts, next, message);
    }

    /// <summary>A graceful stop: the job goes back to the queue, due now, this interrupted run not counted.</summary>
    private async Task ReleaseAsync(TransferJob job)
    {
        var now = _time.GetUtcNow();
        await using var db = _database.CreateContext();
        await db.TransferJobs.Where(j => j.Id == job.Id && j.LeaseOwner == Owner && j.State == TransferJobState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, TransferJobState.Queued)
                .SetProperty(j => j.NextAttemptAt, now)
                .SetProperty(j => j.Attempts, j => j.Attempts > 0 ? j.Attempts - 1 : 0)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
                .SetProperty(j => j.UpdatedAt, now)
                .SetProperty(j => j.Version, Guid.NewGuid()), CancellationToken.None).ConfigureAwait(false);
        _logger.LogInformation("Transfer job {JobId} interrupted by the server stopping; back in the queue", job.Id);
    }

    /// <summary>
    /// Sets a final state (if this runner still holds the job), failing the Pending items with
    /// <paramref name="failPendingWith"/> when given, and records the outcome in the audit trail, in one transaction.
    /// </summary>
    private async Task FinishAsync(TransferJob job, TransferJobState state, string? lastError, string? failPendingWith)
    {
        var now = _time.GetUtcNow();
        var error = lastError is null ? null : DatabaseTransferJobContext.Short(lastError);
        await using var db = _database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        var failedNow = 0;
        if (failPendingWith is not null)
        {
            var itemError = DatabaseTransferJobContext.Short(failPendingWith);
            failedNow = await db.TransferJobItems.Where(i => i.JobId == job.Id && i.State == TransferItemState.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.State, TransferItemState.Failed)
                    .SetProperty(i => i.Error, itemError)
                    .SetProperty(i => i.CompletedAt, now), CancellationToken.None).ConfigureAwait(false);
        }
        var changed = await db.TransferJobs.Where(j => j.Id == job.Id && j.LeaseOwner == Owner && j.State == TransferJobState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, state)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.UpdatedAt, now)
                .SetProperty(j => j.FailedObjects, j => j.FailedObjects + failedNow)
                .SetProperty(j => j.LastError, j => error ?? j.LastError)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
                .SetProperty(j => j.Version, Guid.NewGuid()), CancellationToken.None).ConfigureAwait(false);
        if (changed == 0)
        {
            // Another runner took the job (this one's lease had run out): its outcome is the one that counts.
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            return;
        }
        var final = await db.TransferJobs.AsNoTracking().FirstAsync(j => j.Id == job.Id, CancellationToken.None).ConfigureAwait(false);
        var (outcome, detail) = state switch
        {
            TransferJobState.Succeeded => (AuditOutcome.Success, $"succeeded: {final.DoneObjects} of {final.TotalObjects} objects"),
            TransferJobState.PartlyFailed => (AuditOutcome.MinorFailure,
                $"partly failed: {final.DoneObjects} done, {final.FailedObjects} failed of {final.TotalObjects} objects"),
            TransferJobState.Cancelled => (AuditOutcome.MinorFailure, $"cancelled: {final.DoneObjects} of {final.TotalObjects} objects done"),
            _ => (AuditOutcome.SeriousFailure, $"failed: {error}"),
        };
        db.AuditEvents.Add(DatabaseAuditLog.NewRow(TransferJobAudit.Entry(final, outcome, detail), now));
        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        _logger.LogInformation("Transfer job {JobId} ({Kind}) {State}: {Done} done, {Failed} failed of {Total}", job.Id, job.Kind, state,
            final.DoneObjects, final.FailedObjects, final.TotalObjects);
    }

    /// <summary>A short reason for a failed run: the message of our own exceptions, the type and message of others.</summary>
    private static string Describe(Exception e) => e switch
    {
        TransferJobException or Archive.StudySourceException or Network.UpperLayer.DicomNetworkException or Network.DicomWeb.DicomWebException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private static void TryCancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private readonly record struct ItemCounts(int Pending, int Done, int Failed, int Skipped)
    {
        public int Total => Pending + Done + Failed + Skipped;
    }
}
