using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Distribution;

/// <summary>
/// Saves new transfer jobs in the app database (Queued, due now) with their planned items, and the audit record of the
/// request in the same transaction; then wakes the runner. A planned item is Pending, unless the caller already knows
/// its outcome: an item planned Failed (an upload's file refused while staging) or Skipped keeps its state and reason,
/// and the job's counters count it from the start (a job whose every item is failed then finishes Failed on its run).
/// </summary>
public sealed class TransferJobQueue(PacsViewerDatabase database, TransferJobSignal signal, TimeProvider time) : ITransferJobQueue
{
    public async Task<long> EnqueueAsync(TransferJob job, IReadOnlyCollection<TransferJobItem>? items = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(job.CreatedBy);
        if (!Enum.IsDefined(job.Kind))
        {
            throw new ArgumentException($"Unknown transfer job kind {job.Kind}", nameof(job));
        }
        var now = time.GetUtcNow();
        job.Id = 0;
        job.State = TransferJobState.Queued;
        job.CreatedAt = now;
        job.UpdatedAt = now;
        job.StartedAt = null;
        job.FinishedAt = null;
        job.NextAttemptAt = now;
        job.Attempts = 0;
        job.DoneBytes = 0;
        job.CancelRequested = false;
        job.LeaseOwner = null;
        job.LeaseExpiresAt = null;
        job.LastError = null;
        job.Version = Guid.NewGuid();
        job.TotalObjects = items?.Count ?? 0;
        job.TotalBytes = items?.Sum(i => i.Bytes) ?? 0;
        job.FailedObjects = items?.Count(i => i.State == TransferItemState.Failed) ?? 0;
        job.DoneObjects = items?.Count(i => i.State == TransferItemState.Skipped) ?? 0;

        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        db.TransferJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (items is { Count: > 0 })
        {
            foreach (var item in items)
            {
                item.Id = 0;
                item.JobId = job.Id;
                item.Attempts = 0;
                if (item.State is TransferItemState.Failed or TransferItemState.Skipped)
                {
                    // Its outcome is known already: kept with its reason (shortened as a runner's report would be).
                    item.Error = item.Error is null ? null : DatabaseTransferJobContext.Short(item.Error);
                    item.CompletedAt = now;
                }
                else
                {
                    item.State = TransferItemState.Pending;
                    item.Error = null;
                    item.CompletedAt = null;
                }
                db.TransferJobItems.Add(item);
            }
        }
        db.AuditEvents.Add(DatabaseAuditLog.NewRow(TransferJobAudit.Entry(job, AuditOutcome.Success, "queued"), now));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        signal.Wake();
        signal.Changed(job.Id);
        return job.Id;
    }
}
