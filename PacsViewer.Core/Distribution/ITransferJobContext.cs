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
    Task ReportItemAsync(long itemId, TransferItemState state, long bytes, string? error = null, CancellationToken cancellationToken = default);

    /// <summary>Records the file the job produced (<see cref="TransferJob.ResultPath"/>).</summary>
    Task SetResultPathAsync(string path, CancellationToken cancellationToken = default);
}
