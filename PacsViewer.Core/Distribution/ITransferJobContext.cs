namespace PacsViewer.Core.Distribution;

/// <summary>
/// What an <see cref="ITransferJobHandler"/> sees of its job during one run; every report is saved at once, so progress
/// shows live on the jobs page and survives a restart.
/// </summary>
public interface ITransferJobContext
{
    /// <summary>The job as it was when this run started (a detached copy: change it through the methods below).</summary>
    TransferJob Job { get; }

    /// <summary>The job's <see cref="TransferJob.ParametersJson"/> read as the handler's parameter record.</summary>
    T ReadParameters<T>() where T : class;

    /// <summary>The job's items (all, or those in one state), in the order they were added.</summary>
    Task<IReadOnlyList<TransferJobItem>> GetItemsAsync(TransferItemState? state = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds planned items (Pending) and raises <see cref="TransferJob.TotalObjects"/> by their count and
    /// <see cref="TransferJob.TotalBytes"/> by <paramref name="bytes"/>. Called once per job, on its first run
    /// (a resumed run finds its items already there).
    /// </summary>
    Task AddItemsAsync(IReadOnlyCollection<TransferJobItem> items, long bytes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records one item's outcome (Done, Failed with <paramref name="error"/>, or Skipped) and moves the job's counters
    /// (<see cref="TransferJob.DoneObjects"/>, <see cref="TransferJob.FailedObjects"/>, <see cref="TransferJob.DoneBytes"/>).
    /// </summary>
    /// <remarks>
    /// A Pending item takes the reported outcome. After that an outcome stands, with one exception: <b>Failed reported
    /// for a Done item is a correction</b>, for a handler that marked it Done early and then learns better (a C-MOVE
    /// counted done from the pending responses' counts that the final response says failed, PS3.4 C.4.2.1.4). The item
    /// becomes Failed with <paramref name="error"/>; the job's DoneObjects goes down by one and DoneBytes by the bytes
    /// the item was counted with (<paramref name="bytes"/> is ignored), FailedObjects up by one, in one transaction.
    /// Every other report on an item that is no longer Pending changes nothing (a report repeated after a resume is
    /// never counted twice; a Failed or Skipped item is never made Done).
    /// </remarks>
    Task ReportItemAsync(long itemId, TransferItemState state, long bytes, string? error = null, CancellationToken cancellationToken = default);

    /// <summary>Records the file the job produced (<see cref="TransferJob.ResultPath"/>).</summary>
    Task SetResultPathAsync(string path, CancellationToken cancellationToken = default);
}
