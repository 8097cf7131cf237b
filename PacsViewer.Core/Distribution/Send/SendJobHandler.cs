using System.Globalization;
using Microsoft.Extensions.Logging;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Core.Distribution.Send;

/// <summary>
/// Carries out Send jobs (issue 8): a study or one series of a source sent to another source of the
/// <see cref="StudySourceCatalog"/>. The first run lists the instances (C-FIND / QIDO-RS / the archive's index) as the
/// job's items; then either each Pending item is read from the source and stored in the destination (Store:
/// SendJobHandler.Store.cs), or the source PACS is asked to send them itself (Move: SendJobHandler.Move.cs).
/// </summary>
public sealed partial class SendJobHandler : ITransferJobHandler
{
    private readonly StudySourceCatalog _catalog;
    private readonly ILogger<SendJobHandler> _logger;

    public SendJobHandler(StudySourceCatalog catalog, ILogger<SendJobHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(logger);
        _catalog = catalog;
        _logger = logger;
    }

    public TransferJobKind Kind => TransferJobKind.Send;

    public async Task RunAsync(ITransferJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = context.Job;
        var parameters = context.ReadParameters<SendJobParameters>();
        var (source, destination) = Resolve(_catalog, job);
        var items = await context.GetItemsAsync(null, cancellationToken).ConfigureAwait(false);
        if (items.Count == 0)
        {
            var planned = await PlanAsync(source, job.StudyInstanceUid!, job.SeriesInstanceUid, cancellationToken).ConfigureAwait(false);
            await context.AddItemsAsync(planned, 0, cancellationToken).ConfigureAwait(false);
            Log.Planned(_logger, job.Id, planned.Count);
        }
        var pending = await context.GetItemsAsync(TransferItemState.Pending, cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0)
        {
            return;
        }
        if (parameters.Method == SendMethod.Move)
        {
            await MoveAsync(context, source, destination, pending, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await StoreAsync(context, source, destination, pending, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The job's source and destination from the catalog; a job that names an unknown one, the same one twice, or no
    /// study is a <see cref="TransferJobException"/> (retrying will not help).
    /// </summary>
    internal static (IStudySource Source, IStudySource Destination) Resolve(StudySourceCatalog catalog, TransferJob job)
    {
        if (string.IsNullOrEmpty(job.StudyInstanceUid))
        {
            throw new TransferJobException("the job names no study");
        }
        if (string.IsNullOrEmpty(job.SourceName) || !catalog.TryGet(job.SourceName, out var source))
        {
            throw new TransferJobException($"unknown source '{job.SourceName}'");
        }
        if (string.IsNullOrEmpty(job.Destination) || !catalog.TryGet(job.Destination, out var destination))
        {
            throw new TransferJobException($"unknown destination '{job.Destination}'");
        }
        if (string.Equals(source.Id, destination.Id, StringComparison.Ordinal))
        {
            throw new TransferJobException($"the destination is the source ({source.Id})");
        }
        return (source, destination);
    }

    /// <summary>
    /// One item per instance of the study (or of its one series), in series then instance order, each labelled with its
    /// series and instance numbers (text only, never logged). Nothing found is a <see cref="TransferJobException"/>.
    /// </summary>
    internal static async Task<List<TransferJobItem>> PlanAsync(IStudySource source, string studyInstanceUid, string? seriesInstanceUid,
        CancellationToken cancellationToken)
    {
        var items = new List<TransferJobItem>();
        try
        {
            var series = new List<DicomDataset>();
            await foreach (var found in source.SearchSeriesAsync(studyInstanceUid, cancellationToken).ConfigureAwait(false))
            {
                var uid = Uid(found, DicomTags.SeriesInstanceUID);
                if (uid is not null && (seriesInstanceUid is null || uid == seriesInstanceUid))
                {
                    series.Add(found);
                }
            }
            foreach (var one in series.OrderBy(s => Number(s, DicomTags.SeriesNumber)))
            {
                var seriesUid = Uid(one, DicomTags.SeriesInstanceUID)!;
                var seriesLabel = SeriesLabel(one);
                var instances = new List<DicomDataset>();
                await foreach (var instance in source.SearchInstancesAsync(studyInstanceUid, seriesUid, cancellationToken).ConfigureAwait(false))
                {
                    instances.Add(instance);
                }
                foreach (var instance in instances.OrderBy(i => Number(i, DicomTags.InstanceNumber)))
                {
                    if (Uid(instance, DicomTags.SOPInstanceUID) is { } sop)
                    {
                        var number = instance.GetFirstString(DicomTags.InstanceNumber)?.Trim();
                        items.Add(new TransferJobItem
                        {
                            State = TransferItemState.Pending,
                            SeriesInstanceUid = seriesUid,
                            SopInstanceUid = sop,
                            Label = Limit(string.IsNullOrEmpty(number) ? seriesLabel : $"{seriesLabel}, image {number}"),
                        });
                    }
                }
            }
        }
        catch (StudyObjectNotFoundException)
        {
            items.Clear();
        }
        if (items.Count == 0)
        {
            throw new TransferJobException(seriesInstanceUid is null
                ? $"study {studyInstanceUid} was not found in {source.Id}, or has no instances"
                : $"series {seriesInstanceUid} of study {studyInstanceUid} was not found in {source.Id}, or has no instances");
        }
        return items;
    }

    private static string? Uid(DicomDataset dataset, DicomTag tag) =>
        dataset.GetFirstString(tag)?.Trim('\0', ' ') is { Length: > 0 } uid ? uid : null;

    private static int Number(DicomDataset dataset, DicomTag tag) =>
        int.TryParse(dataset.GetFirstString(tag)?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;

    private static string SeriesLabel(DicomDataset series)
    {
        var modality = series.GetFirstString(DicomTags.Modality)?.Trim();
        var number = series.GetFirstString(DicomTags.SeriesNumber)?.Trim();
        var label = string.IsNullOrEmpty(number) ? "series" : $"series {number}";
        return string.IsNullOrEmpty(modality) ? label : $"{modality} {label}";
    }

    private static string Limit(string text) => text.Length <= 120 ? text : text[..120];

    /// <summary>Opens one instance of the source for sending: a lease on the cached file behind the retrieval cache, otherwise the source's own file.</summary>
    private static async Task<(Dicom.IO.DicomFile File, IDisposable? Lease)> OpenAsync(IStudySource source, InstanceKey key, CancellationToken cancellationToken)
    {
        if (source is CachingStudySource caching)
        {
            var lease = await caching.OpenInstanceAsync(key, cancellationToken).ConfigureAwait(false);
            return (lease.File, lease);
        }
        return (await source.GetInstanceAsync(key, cancellationToken).ConfigureAwait(false), null);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Send job {JobId}: {Count} instances planned")]
        public static partial void Planned(ILogger logger, long jobId, int count);

        [LoggerMessage(EventId = 8102, Level = LogLevel.Information, Message = "Send job {JobId}: {Sent} stored and {Failed} refused by {Destination} ({Protocol})")]
        public static partial void Stored(ILogger logger, long jobId, int sent, int failed, string destination, string protocol);

        [LoggerMessage(EventId = 8103, Level = LogLevel.Information, Message = "Send job {JobId}: C-MOVE to {DestinationAe} ended with {Status}, {Failed} failed")]
        public static partial void Moved(ILogger logger, long jobId, string destinationAe, string status, int failed);

        [LoggerMessage(EventId = 8104, Level = LogLevel.Warning, Message = "Send job {JobId}: item {ItemId} was marked done from the C-MOVE's counts but the final response lists it as failed")]
        public static partial void MarkedEarly(ILogger logger, long jobId, long itemId);
    }
}
