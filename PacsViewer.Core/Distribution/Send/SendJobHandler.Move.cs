using System.Threading.Channels;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Core.Distribution.Send;

public sealed partial class SendJobHandler
{
    /// <summary>
    /// Move: the source PACS is asked by C-MOVE (PS3.4 C.4.2) to send the Pending items to the destination's AE title
    /// (which it must know). A first run moves the whole study or series in one request; a resumed run moves only the
    /// Pending instances, per series at IMAGE level. Each pending response's counts (C.4.2.1.4: remaining, completed,
    /// failed, warning) mark that many items Done as they come; the final response's Failed SOP Instance UID List
    /// (0008,0058) then marks those items Failed, the others Done. The pending counts do not say which instances were
    /// sent, so items are marked early only while no sub-operation has failed; once one has, the rest wait for the list
    /// (an item's outcome is recorded once: an item marked early that the list then names is logged, and stays Done).
    /// </summary>
    private async Task MoveAsync(ITransferJobContext context, IStudySource source, IStudySource destination,
        IReadOnlyList<TransferJobItem> pending, CancellationToken cancellationToken)
    {
        var job = context.Job;
        var pacs = Unwrap(source) as DimseStudySource ?? throw new TransferJobException("C-MOVE needs a DIMSE source");
        var target = Unwrap(destination) as DimseStudySource
            ?? throw new TransferJobException("C-MOVE needs a DIMSE destination: an AE title the source PACS knows");
        var destinationAe = target.Peer.CalledAeTitle;
        var all = await context.GetItemsAsync(null, cancellationToken).ConfigureAwait(false);
        if (pending.Count == all.Count)
        {
            await MoveGroupAsync(context, pacs, destinationAe, job.StudyInstanceUid!, job.SeriesInstanceUid, null, pending, cancellationToken).ConfigureAwait(false);
            return;
        }
        foreach (var series in pending.Where(i => i.SeriesInstanceUid is not null && i.SopInstanceUid is not null).GroupBy(i => i.SeriesInstanceUid!, StringComparer.Ordinal))
        {
            var items = series.ToArray();
            await MoveGroupAsync(context, pacs, destinationAe, job.StudyInstanceUid!, series.Key, [.. items.Select(i => i.SopInstanceUid!)], items,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task MoveGroupAsync(ITransferJobContext context, DimseStudySource pacs, string destinationAe, string studyInstanceUid,
        string? seriesInstanceUid, IReadOnlyCollection<string>? sopInstanceUids, IReadOnlyList<TransferJobItem> items, CancellationToken cancellationToken)
    {
        var progress = new ChannelProgress();
        var doneEarly = new HashSet<long>();
        var reporter = MarkProgressAsync(context, progress.Reader, items, doneEarly, cancellationToken);
        RetrieveResult result;
        try
        {
            result = await pacs.MoveToAsync(destinationAe, studyInstanceUid, seriesInstanceUid, sopInstanceUids, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            progress.Complete();
            await reporter.ConfigureAwait(false);
        }
        Log.Moved(_logger, context.Job.Id, destinationAe, result.Status.ToString(), result.Progress?.Failed ?? 0);
        var counts = result.Progress;
        if (result.Status.IsFailure && (counts is null || counts.Completed + counts.Warning == 0))
        {
            // PS3.4 C.4.2.1.5: A801 Move Destination unknown cannot succeed by retrying; other failures may (the destination was down).
            if (result.Status == DimseStatus.MoveDestinationUnknown)
            {
                throw new TransferJobException($"{pacs.Id} does not know the AE title {destinationAe} (C-MOVE status 0xA801, Move Destination unknown)");
            }
            throw new StudySourceException(pacs.Id, $"the C-MOVE to {destinationAe} failed with status {result.Status}; {pacs.Id} must know {destinationAe} and reach it");
        }
        var failed = result.FailedSopInstanceUids.ToHashSet(StringComparer.Ordinal);
        var unnamed = failed.Count == 0 && counts is { Failed: > 0 };
        var doneBudget = counts is null ? items.Count : counts.Completed + counts.Warning;
        var done = doneEarly.Count;
        foreach (var item in items)
        {
            var listed = item.SopInstanceUid is not null && failed.Contains(item.SopInstanceUid);
            if (listed && doneEarly.Contains(item.Id))
            {
                Log.MarkedEarly(_logger, context.Job.Id, item.Id);
            }
            else if (listed)
            {
                await context.ReportItemAsync(item.Id, TransferItemState.Failed, 0,
                    $"{pacs.Id} could not send it to {destinationAe} (named in the C-MOVE's Failed SOP Instance UID List, final status {result.Status})",
                    cancellationToken).ConfigureAwait(false);
            }
            else if (doneEarly.Contains(item.Id))
            {
                continue;
            }
            else if (unnamed && done >= doneBudget)
            {
                await context.ReportItemAsync(item.Id, TransferItemState.Failed, 0,
                    $"{pacs.Id} reported {counts!.Failed} failed sub-operations to {destinationAe} without naming them (final status {result.Status})",
                    cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await context.ReportItemAsync(item.Id, TransferItemState.Done, 0, null, cancellationToken).ConfigureAwait(false);
                done++;
            }
        }
    }

    /// <summary>Marks items Done, in order, as the pending responses' completed + warning count grows (PS3.4 C.4.2.1.4), while none failed.</summary>
    private static async Task MarkProgressAsync(ITransferJobContext context, ChannelReader<SubOperationProgress> reader, IReadOnlyList<TransferJobItem> items,
        HashSet<long> doneEarly, CancellationToken cancellationToken)
    {
        var marked = 0;
        await foreach (var counts in reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (counts.Failed > 0)
            {
                continue; // which ones failed is known only from the final response
            }
            var target = Math.Min(items.Count, counts.Completed + counts.Warning);
            while (marked < target && !cancellationToken.IsCancellationRequested)
            {
                var item = items[marked++];
                await context.ReportItemAsync(item.Id, TransferItemState.Done, 0, null, cancellationToken).ConfigureAwait(false);
                doneEarly.Add(item.Id);
            }
        }
    }

    private static IStudySource Unwrap(IStudySource source) => source is CachingStudySource caching ? caching.Inner : source;

    /// <summary>Hands each pending response's counts to the reporter without blocking the DIMSE receive loop.</summary>
    private sealed class ChannelProgress : IProgress<SubOperationProgress>
    {
        private readonly Channel<SubOperationProgress> _channel = Channel.CreateUnbounded<SubOperationProgress>(new UnboundedChannelOptions { SingleReader = true });

        public ChannelReader<SubOperationProgress> Reader => _channel.Reader;

        public void Report(SubOperationProgress value) => _channel.Writer.TryWrite(value);

        public void Complete() => _channel.Writer.TryComplete();
    }
}
