namespace PacsViewer.Core.Distribution;

/// <summary>
/// Carries out the jobs of one <see cref="TransferJobKind"/> for the job runner. A run plans the job's items the first
/// time (<see cref="ITransferJobContext.AddItemsAsync"/>), then works through the Pending ones, reporting each, and
/// returns; the runner then sets the final state from the items (all done: Succeeded; some failed: PartlyFailed; all
/// failed: Failed).
/// </summary>
/// <remarks>
/// A failure of one object that retrying will not mend (the destination refused it with a failure status, the file is
/// not DICOM) is reported on its item and the run goes on. A failure of the run itself (the destination unreachable, the
/// association dropped) is thrown: the runner keeps the Pending items and retries the job with backoff, so a run must
/// be able to resume from what its items say. <see cref="TransferJobException"/> fails the job at once, without retry.
/// The token passed in is cancelled when a user cancels the job or the server stops.
/// </remarks>
public interface ITransferJobHandler
{
    TransferJobKind Kind { get; }

    Task RunAsync(ITransferJobContext context, CancellationToken cancellationToken);
}
