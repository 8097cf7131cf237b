using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
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
    /// failed, warning) mark that many items Done as they come, in item order, while none has failed: live progress,
    /// not yet the truth, as the counts do not say which instances were sent. The final response settles it
    /// (<see cref="SettleAsync"/>): items it names in its Failed SOP Instance UID List (0008,0058) become Failed (an item
    /// marked Done early is corrected, see <see cref="ITransferJobContext.ReportItemAsync"/>), and when the final
    /// response leaves open which instances failed, each one is moved again alone (<see cref="ResolveEachAsync"/>).
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
        var marks = new EarlyMarks();
        var reporter = MarkProgressAsync(context, progress.Reader, items, marks, cancellationToken);
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
        await SettleAsync(context, pacs, destinationAe, studyInstanceUid, items, result, marks, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Each item's outcome from the C-MOVE's final response (PS3.4 C.4.2.1.4, C.4.2.1.5). The response accounts for every
    /// item when it is a success whose completed + warning count covers them, or when its Failed SOP Instance UID List
    /// and that count together do: then the listed items fail and the others are Done. 0xA801 Move Destination unknown
    /// fails the job at once. Anything else (a failure or warning part way, without a list that covers it, or a count
    /// short of the items) leaves open which instances arrived: Orthanc 1.10, for one, stops at the first sub-operation
    /// the destination refuses and answers 0xC000 with all counts 0 and no list. Then each item not listed is moved
    /// again alone (<see cref="ResolveEachAsync"/>).
    /// </summary>
    private async Task SettleAsync(ITransferJobContext context, DimseStudySource pacs, string destinationAe, string studyInstanceUid,
        IReadOnlyList<TransferJobItem> items, RetrieveResult result, EarlyMarks marks, CancellationToken cancellationToken)
    {
        var counts = result.Progress;
        var confirmed = Math.Max(marks.Confirmed, counts is null ? 0 : counts.Completed + counts.Warning);
        var failed = result.FailedSopInstanceUids.ToHashSet(StringComparer.Ordinal);
        var listed = items.Where(i => i.SopInstanceUid is not null && failed.Contains(i.SopInstanceUid)).Select(i => i.Id).ToHashSet();
        if (result.Status == DimseStatus.MoveDestinationUnknown)
        {
            // PS3.4 C.4.2.1.5: A801 Move Destination unknown cannot succeed by retrying.
            throw Unknown(pacs, destinationAe);
        }
        var accounted = counts is null
            ? result.Status == DimseStatus.Success || listed.Count > 0
            : confirmed + listed.Count >= items.Count && (listed.Count > 0 || (counts.Failed == 0 && !result.Status.IsFailure));
        if (!accounted)
        {
            var why = string.Create(CultureInfo.InvariantCulture,
                $"the C-MOVE of {items.Count} instances ended with status {result.Status} after {confirmed} sub-operations completed, without naming the ones that failed");
            await ResolveEachAsync(context, pacs, destinationAe, studyInstanceUid, items, listed, result.Status, confirmed == 0, why, cancellationToken)
                .ConfigureAwait(false);
            return;
        }
        foreach (var item in items)
        {
            if (listed.Contains(item.Id))
            {
                if (marks.Done.Contains(item.Id))
                {
                    Log.MarkedEarly(_logger, context.Job.Id, item.Id);
                }
                await context.ReportItemAsync(item.Id, TransferItemState.Failed, 0, Listed(pacs, destinationAe, result.Status), cancellationToken).ConfigureAwait(false);
            }
            else if (!marks.Done.Contains(item.Id))
            {
                await context.ReportItemAsync(item.Id, TransferItemState.Done, 0, null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Settles a C-MOVE whose final response left open which instances arrived: the items it listed as failed fail, and
    /// every other item is moved again alone, at IMAGE level (PS3.4 C.4.2.2.1), whose answer is about that one instance:
    /// Done when its sub-operation completed, Failed (corrected, if marked Done early) with both statuses otherwise. An
    /// instance that had arrived is sent a second time, which a Storage SCP takes as the same object. When nothing at all
    /// had completed (<paramref name="nothingConfirmed"/>), one instance of each series is tried first: if none of them
    /// arrives either, the destination is taken to be down or unreachable and the run fails without recording outcomes
    /// (the job runner retries it), rather than failing every object for good.
    /// </summary>
    private async Task ResolveEachAsync(ITransferJobContext context, DimseStudySource pacs, string destinationAe, string studyInstanceUid,
        IReadOnlyList<TransferJobItem> items, HashSet<long> listed, DimseStatus groupStatus, bool nothingConfirmed, string why, CancellationToken cancellationToken)
    {
        MoveLog.Resolving(_logger, context.Job.Id, items.Count, groupStatus.ToString());
        var outcomes = new Dictionary<long, string?>();
        if (nothingConfirmed)
        {
            foreach (var probe in items.Where(i => !listed.Contains(i.Id)).GroupBy(i => i.SeriesInstanceUid, StringComparer.Ordinal).Select(g => g.First()))
            {
                outcomes[probe.Id] = await MoveOneAsync(pacs, destinationAe, studyInstanceUid, probe, why, cancellationToken).ConfigureAwait(false);
            }
            if (outcomes.Count > 0 && outcomes.Values.All(e => e is not null))
            {
                throw new StudySourceException(pacs.Id, $"the C-MOVE to {destinationAe} failed with status {groupStatus}, and so did a C-MOVE of one "
                    + $"instance of each series; {pacs.Id} must know {destinationAe} and reach it");
            }
        }
        var failedCount = 0;
        foreach (var item in items)
        {
            var error = listed.Contains(item.Id) ? Listed(pacs, destinationAe, groupStatus)
                : outcomes.TryGetValue(item.Id, out var known) ? known
                : await MoveOneAsync(pacs, destinationAe, studyInstanceUid, item, why, cancellationToken).ConfigureAwait(false);
            if (error is null)
            {
                await context.ReportItemAsync(item.Id, TransferItemState.Done, 0, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                failedCount++;
                await context.ReportItemAsync(item.Id, TransferItemState.Failed, 0, error, cancellationToken).ConfigureAwait(false);
            }
        }
        MoveLog.Resolved(_logger, context.Job.Id, items.Count - failedCount, failedCount);
    }

    /// <summary>One instance moved alone (IMAGE level): null when its sub-operation completed, otherwise why it failed.</summary>
    private static async Task<string?> MoveOneAsync(DimseStudySource pacs, string destinationAe, string studyInstanceUid, TransferJobItem item, string why,
        CancellationToken cancellationToken)
    {
        if (item.SeriesInstanceUid is null || item.SopInstanceUid is null)
        {
            return "the item names no instance";
        }
        var one = await pacs.MoveToAsync(destinationAe, studyInstanceUid, item.SeriesInstanceUid, [item.SopInstanceUid], null, cancellationToken)
            .ConfigureAwait(false);
        if (one.Status == DimseStatus.MoveDestinationUnknown)
        {
            throw Unknown(pacs, destinationAe);
        }
        var sent = one.Progress is { } p ? p.Completed + p.Warning > 0 : !one.Status.IsFailure;
        if (sent && !one.FailedSopInstanceUids.Contains(item.SopInstanceUid, StringComparer.Ordinal))
        {
            return null;
        }
        return $"{pacs.Id} could not send it to {destinationAe}: {why}, and a C-MOVE of this instance alone ended with status {one.Status}"
            + (string.IsNullOrWhiteSpace(one.ErrorComment) ? "" : $" ({one.ErrorComment.Trim()})");
    }

    private static TransferJobException Unknown(DimseStudySource pacs, string destinationAe) =>
        new($"{pacs.Id} does not know the AE title {destinationAe} (C-MOVE status 0xA801, Move Destination unknown)");

    private static string Listed(DimseStudySource pacs, string destinationAe, DimseStatus status) =>
        $"{pacs.Id} could not send it to {destinationAe} (named in the C-MOVE's Failed SOP Instance UID List, final status {status})";

    /// <summary>
    /// Marks items Done, in order, as the pending responses' completed + warning count grows (PS3.4 C.4.2.1.4), while none
    /// failed, and keeps the highest count seen (a final response may carry none, or zeros).
    /// </summary>
    private static async Task MarkProgressAsync(ITransferJobContext context, ChannelReader<SubOperationProgress> reader, IReadOnlyList<TransferJobItem> items,
        EarlyMarks marks, CancellationToken cancellationToken)
    {
        var marked = 0;
        await foreach (var counts in reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            marks.Confirmed = Math.Max(marks.Confirmed, counts.Completed + counts.Warning);
            if (counts.Failed > 0)
            {
                continue; // which ones failed is known only from the final response
            }
            var target = Math.Min(items.Count, counts.Completed + counts.Warning);
            while (marked < target && !cancellationToken.IsCancellationRequested)
            {
                var item = items[marked++];
                await context.ReportItemAsync(item.Id, TransferItemState.Done, 0, null, cancellationToken).ConfigureAwait(false);
                marks.Done.Add(item.Id);
            }
        }
    }

    private static IStudySource Unwrap(IStudySource source) => source is CachingStudySource caching ? caching.Inner : source;

    /// <summary>What the pending responses told: the items marked Done early, and the highest completed + warning count.</summary>
    private sealed class EarlyMarks
    {
        public HashSet<long> Done { get; } = [];

        public int Confirmed { get; set; }
    }

    private static partial class MoveLog
    {
        [LoggerMessage(EventId = 8105, Level = LogLevel.Warning,
            Message = "Send job {JobId}: the C-MOVE of {Count} instances ended with {Status} without saying which failed; moving each again alone")]
        public static partial void Resolving(ILogger logger, long jobId, int count, string status);

        [LoggerMessage(EventId = 8106, Level = LogLevel.Information, Message = "Send job {JobId}: moved one by one, {Done} arrived and {Failed} failed")]
        public static partial void Resolved(ILogger logger, long jobId, int done, int failed);
    }

    /// <summary>Hands each pending response's counts to the reporter without blocking the DIMSE receive loop.</summary>
    private sealed class ChannelProgress : IProgress<SubOperationProgress>
    {
        private readonly Channel<SubOperationProgress> _channel = Channel.CreateUnbounded<SubOperationProgress>(new UnboundedChannelOptions { SingleReader = true });

        public ChannelReader<SubOperationProgress> Reader => _channel.Reader;

        public void Report(SubOperationProgress value) => _channel.Writer.TryWrite(value);

        public void Complete() => _channel.Writer.TryComplete();
    }
}
