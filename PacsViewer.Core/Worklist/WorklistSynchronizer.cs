using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Worklist;

/// <summary>
/// Keeps the worklist's copy of study attributes in step with the sources: each study-level query result
/// (PS3.4 C.6.2.1.2) is inserted as Unread or updates the attributes of the row it has, never its reading state.
/// A new study is published as <see cref="WorklistChangeKind.StudyArrived"/>.
/// </summary>
public sealed class WorklistSynchronizer(PacsViewerDatabase database, IWorklistNotifier notifier, TimeProvider time)
{
    /// <summary>Queries <paramref name="source"/> and records each study; returns how many were new.</summary>
    public async Task<int> SyncAsync(IStudySource source, StudyQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(query);
        var added = 0;
        await foreach (var study in source.SearchStudiesAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (await UpsertAsync(source.Id, study, cancellationToken).ConfigureAwait(false))
            {
                added++;
            }
        }
        return added;
    }

    /// <summary>Records one study of <paramref name="sourceName"/>; true when it was new to the worklist.</summary>
    public async Task<bool> UpsertAsync(string sourceName, DicomDataset study, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        ArgumentNullException.ThrowIfNull(study);
        var uid = study.GetFirstString(DicomTags.StudyInstanceUID)?.Trim();
        if (string.IsNullOrEmpty(uid))
        {
            return false;
        }
        var now = time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            await using var db = database.CreateContext();
            var row = await db.WorklistEntries.FirstOrDefaultAsync(e => e.SourceName == sourceName && e.StudyInstanceUid == uid, cancellationToken)
                .ConfigureAwait(false);
            var isNew = row is null;
            row ??= db.WorklistEntries.Add(new WorklistEntry
            {
                SourceName = sourceName, StudyInstanceUid = uid, Status = ReadingStatus.Unread, Priority = ReadingPriority.Routine,
                FirstSeenAt = now,
            }).Entity;
            Copy(study, row);
            row.UpdatedAt = now;
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException) when (isNew && attempt == 0)
            {
                // Another writer inserted the same study first (unique source + UID): update that row instead.
                continue;
            }
            if (isNew)
            {
                notifier.Publish(new WorklistChange(WorklistChangeKind.StudyArrived, sourceName, uid));
            }
            return isNew;
        }
    }

    private static void Copy(DicomDataset s, WorklistEntry e)
    {
        e.PatientName = Text(s, DicomTags.PatientName) ?? e.PatientName;
        e.PatientId = Text(s, DicomTags.PatientID) ?? e.PatientId;
        e.PatientBirthDate = Text(s, DicomTags.PatientBirthDate) ?? e.PatientBirthDate;
        e.PatientSex = Text(s, DicomTags.PatientSex) ?? e.PatientSex;
        e.StudyDate = Text(s, DicomTags.StudyDate) ?? e.StudyDate;
        e.StudyTime = Text(s, DicomTags.StudyTime) ?? e.StudyTime;
        e.AccessionNumber = Text(s, DicomTags.AccessionNumber) ?? e.AccessionNumber;
        e.StudyId = Text(s, DicomTags.StudyID) ?? e.StudyId;
        e.StudyDescription = Text(s, DicomTags.StudyDescription) ?? e.StudyDescription;
        e.ReferringPhysicianName = Text(s, DicomTags.ReferringPhysicianName) ?? e.ReferringPhysicianName;
        var modalities = s.GetStrings(DicomTags.ModalitiesInStudy).Select(m => m.Trim()).Where(m => m.Length > 0)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (modalities.Length > 0)
        {
            e.Modalities = string.Join('\\', modalities);
        }
        if (e.StudyDate is { Length: > 8 })
        {
            // A range or a malformed DA from a source: keep only a plain date, so date ranges compare as text.
            e.StudyDate = null;
        }
        e.RefreshKeys();
    }

    private static string? Text(DicomDataset s, DicomTag tag)
    {
        var value = s.GetString(tag)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
