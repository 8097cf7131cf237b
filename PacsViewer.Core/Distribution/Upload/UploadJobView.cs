namespace PacsViewer.Core.Distribution.Upload;

/// <summary>An upload job as its page shows it: the job (state, counters) and each file's item with its outcome.</summary>
public sealed record UploadJobView(TransferJob Job, IReadOnlyList<TransferJobItem> Items)
{
    /// <summary>The job is final (Succeeded, PartlyFailed, Failed, Cancelled): nothing will change any more.</summary>
    public bool IsFinished => Job.State is not (TransferJobState.Queued or TransferJobState.Running);
}
