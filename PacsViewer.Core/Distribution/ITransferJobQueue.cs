namespace PacsViewer.Core.Distribution;

/// <summary>
/// Queues transfer jobs (the UI, the API and the <c>pacs</c> command line all go through it). The caller has already
/// checked the user's permission (<see cref="IDistributionPermissions"/>) and the job's sense (source, destination).
/// </summary>
public interface ITransferJobQueue
{
    /// <summary>
    /// Saves <paramref name="job"/> as Queued and due now (with <paramref name="items"/> already planned, as an upload
    /// has: Pending, or Failed or Skipped with their reason when the caller knows their outcome already), records who
    /// asked in the audit trail, wakes the runner, and returns the job's id.
    /// </summary>
    Task<long> EnqueueAsync(TransferJob job, IReadOnlyCollection<TransferJobItem>? items = null, CancellationToken cancellationToken = default);
}
