using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Distribution.Send;

public sealed partial class SendJobHandler
{
    /// <summary>
    /// Store: the Pending items in batches (<see cref="SendDestination.BatchSize"/>): each instance opened from the source
    /// with its pixel data left in its file (the built-in archive's file, or a leased file of the retrieval cache,
    /// retrieved first when needed), the batch stored over one association / one STOW-RS request, then each item reported.
    /// An object the destination refused, or that the source no longer has or cannot read, fails on its item and the run
    /// goes on; a failure of the exchange is thrown (the runner retries; items already reported are not resent).
    /// </summary>
    private async Task StoreAsync(ITransferJobContext context, IStudySource source, IStudySource destinationSource,
        IReadOnlyList<TransferJobItem> pending, CancellationToken cancellationToken)
    {
        var job = context.Job;
        var destination = SendDestination.For(destinationSource);
        var sent = 0;
        var failed = 0;
        foreach (var batch in pending.Chunk(destination.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var opened = new List<(TransferJobItem Item, DicomFile File, IDisposable? Lease)>(batch.Length);
            try
            {
                foreach (var item in batch)
                {
                    var problem = await TryOpenAsync(source, job.StudyInstanceUid!, item, opened, cancellationToken).ConfigureAwait(false);
                    if (problem is not null)
                    {
                        await context.ReportItemAsync(item.Id, TransferItemState.Failed, 0, problem, cancellationToken).ConfigureAwait(false);
                        failed++;
                    }
                }
                if (opened.Count == 0)
                {
                    continue;
                }
                var outcomes = await destination.StoreAsync([.. opened.Select(o => o.File)], cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < opened.Count; i++)
                {
                    var (item, file, _) = opened[i];
                    var outcome = outcomes[i];
                    if (outcome.Stored)
                    {
                        await context.ReportItemAsync(item.Id, TransferItemState.Done, file.Dataset.EncodedLength, null, cancellationToken).ConfigureAwait(false);
                        sent++;
                    }
                    else
                    {
                        await context.ReportItemAsync(item.Id, TransferItemState.Failed, 0, outcome.Error, cancellationToken).ConfigureAwait(false);
                        failed++;
                    }
                }
            }
            finally
            {
                foreach (var (_, _, lease) in opened)
                {
                    lease?.Dispose();
                }
            }
        }
        Log.Stored(_logger, job.Id, sent, failed, destinationSource.Id, destination.Protocol);
    }

    /// <summary>Opens one item's instance into <paramref name="opened"/>, or returns why it cannot be sent (the source's problem with this object only).</summary>
    private static async Task<string?> TryOpenAsync(IStudySource source, string studyInstanceUid, TransferJobItem item,
        List<(TransferJobItem Item, DicomFile File, IDisposable? Lease)> opened, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(item.SeriesInstanceUid) || string.IsNullOrEmpty(item.SopInstanceUid))
        {
            return "the item names no instance";
        }
        var key = new InstanceKey(studyInstanceUid, item.SeriesInstanceUid, item.SopInstanceUid);
        try
        {
            var (file, lease) = await OpenAsync(source, key, cancellationToken).ConfigureAwait(false);
            opened.Add((item, file, lease));
            return null;
        }
        catch (StudyObjectNotFoundException)
        {
            return $"{source.Id} no longer has this instance (deleted since the job was planned?)";
        }
        catch (DicomFormatException e)
        {
            return $"{source.Id}'s copy of this instance cannot be read: {e.Message}";
        }
    }
}
