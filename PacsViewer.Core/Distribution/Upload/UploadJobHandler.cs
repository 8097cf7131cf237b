using Microsoft.Extensions.Logging;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Core.Distribution.Upload;

/// <summary>
/// Runs Upload jobs: each Pending item (one uploaded file, staged by <see cref="UploadBatch"/>) is validated
/// (<see cref="UploadValidator"/>), then stored in the destination: the built-in archive (a duplicate SOP Instance UID
/// is Skipped, "already stored") or an upstream PACS through its <see cref="IStudySource.StoreAsync"/> (C-STORE or
/// STOW-RS). A file refused while staging (a ZIP over its limits) was queued Failed with its reason and is not seen
/// here. A bad file is Failed with its reason and the run goes on; a destination that cannot be reached is thrown,
/// so the runner retries the job later with the items still Pending. A staged file is deleted once its item is final.
/// At the end of a run that leaves nothing Pending, the stored objects are audited (ObjectsUploaded, one record per study).
/// </summary>
public sealed partial class UploadJobHandler(StudySourceCatalog catalog, IAuditLog audit, ILogger<UploadJobHandler> logger) : ITransferJobHandler
{
    public TransferJobKind Kind => TransferJobKind.Upload;

    public async Task RunAsync(ITransferJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = context.Job;
        var destination = DestinationOf(context);
        if (!catalog.TryGet(destination, out var source))
        {
            throw new TransferJobException($"the destination '{destination}' is not a configured study source");
        }
        var archive = (source is CachingStudySource caching ? caching.Inner : source) as LocalArchive;
        var stored = new Dictionary<string, StoredStudy>(StringComparer.Ordinal);
        var pending = await context.GetItemsAsync(TransferItemState.Pending, cancellationToken).ConfigureAwait(false);
        foreach (var item in pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = await StoreItemAsync(item, source, archive, cancellationToken).ConfigureAwait(false);
            await context.ReportItemAsync(item.Id, outcome.State, item.Bytes, outcome.Reason, cancellationToken).ConfigureAwait(false);
            if (item.StagedPath is { } staged)
            {
                TryDelete(staged);
            }
            if (outcome is { State: TransferItemState.Done, Study: { } study })
            {
                stored[study.StudyInstanceUid] = stored.TryGetValue(study.StudyInstanceUid, out var seen) ? seen with { Objects = seen.Objects + 1 } : study;
            }
        }
        RemoveEmptyFolders(pending);
        await AuditAsync(job, destination, stored, cancellationToken).ConfigureAwait(false);
    }

    private static string DestinationOf(ITransferJobContext context)
    {
        UploadParameters? parameters = null;
        try
        {
            parameters = context.ReadParameters<UploadParameters>();
        }
        catch (System.Text.Json.JsonException)
        {
            // Fall back to the job's Destination column.
        }
        return parameters?.Destination is { Length: > 0 } d ? d
            : context.Job.Destination ?? throw new TransferJobException("the upload job names no destination");
    }

    private async Task<ItemOutcome> StoreItemAsync(TransferJobItem item, IStudySource source, LocalArchive? archive, CancellationToken cancellationToken)
    {
        if (item.StagedPath is not { } staged)
        {
            return ItemOutcome.Failed(item.Error ?? "the file was not received");
        }
        if (!File.Exists(staged))
        {
            return ItemOutcome.Failed("the staged file is gone (the upload folder was cleaned up); upload it again");
        }
        var validation = await Task.Run(() => UploadValidator.Validate(staged, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (validation.Skip)
        {
            return new ItemOutcome(TransferItemState.Skipped, validation.Reason, null);
        }
        if (!validation.IsValid || validation.File is not { } file)
        {
            return ItemOutcome.Failed(validation.Reason ?? "not a valid DICOM file");
        }
        var ds = file.Dataset;
        var study = new StoredStudy(ds.GetFirstString(DicomTags.StudyInstanceUID)!.Trim('\0', ' '), ds.GetString(DicomTags.PatientID)?.Trim(),
            ds.GetString(DicomTags.PatientName)?.Trim(), 1);
        if (archive is not null)
        {
            var result = await archive.AddFileAsync(staged, cancellationToken).ConfigureAwait(false);
            return result.Outcome switch
            {
                ArchiveStoreOutcome.Stored => new ItemOutcome(TransferItemState.Done, null, study),
                ArchiveStoreOutcome.Duplicate => new ItemOutcome(TransferItemState.Skipped, "already stored", null),
                ArchiveStoreOutcome.Skipped => new ItemOutcome(TransferItemState.Skipped, result.Reason, null),
                _ => ItemOutcome.Failed(result.Reason ?? "refused by the archive"),
            };
        }
        try
        {
            await source.StoreAsync(file, cancellationToken).ConfigureAwait(false);
            return new ItemOutcome(TransferItemState.Done, null, study);
        }
        catch (StudySourceException e) when (e.InnerException is null)
        {
            // The PACS answered and refused this object (a failure status): retrying will not mend it.
            LogRefused(item.Id, source.Id, e.Message);
            return ItemOutcome.Failed(e.Message);
        }
    }

    private async Task AuditAsync(TransferJob job, string destination, Dictionary<string, StoredStudy> stored, CancellationToken cancellationToken)
    {
        foreach (var study in stored.Values)
        {
            await audit.RecordAsync(new AuditEntry(AuditActions.ObjectsUploaded)
            {
                UserName = job.CreatedBy,
                SourceName = destination,
                StudyInstanceUid = study.StudyInstanceUid,
                PatientId = study.PatientId,
                PatientName = study.PatientName,
                ObjectType = AuditObjectTypes.TransferJob,
                ObjectId = job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Detail = $"{study.Objects} object(s) uploaded to {destination}",
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The upload's staging folder goes once its last file is gone.</summary>
    private static void RemoveEmptyFolders(IEnumerable<TransferJobItem> items)
    {
        foreach (var folder in items.Select(i => i.StagedPath is { } p ? Path.GetDirectoryName(p) : null).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            try
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another file arrived or the folder is in use: left for later.
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in the staging folder; the item is final, so it is never read again.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload item {ItemId}: {Destination} refused the object: {Reason}")]
    private partial void LogRefused(long itemId, string destination, string reason);

    private sealed record StoredStudy(string StudyInstanceUid, string? PatientId, string? PatientName, int Objects);

    private sealed record ItemOutcome(TransferItemState State, string? Reason, StoredStudy? Study)
    {
        public static ItemOutcome Failed(string reason) => new(TransferItemState.Failed, reason, null);
    }
}
