namespace PacsViewer.Core.Worklist;

/// <summary>
/// One study of one source on the worklist: the study attributes the worklist filters and sorts on (copied from the
/// source's study-level query result, PS3.4 C.6.2.1.2) and our reading state: status, priority, assignee and the
/// reading lock. Text keys (<c>*Key</c>) hold the upper-cased form that case-insensitive matching runs on; dates are
/// DICOM DA (yyyyMMdd) so ranges compare as text on every provider.
/// </summary>
public sealed class WorklistEntry
{
    public long Id { get; set; }

    /// <summary>The <see cref="Archive.IStudySource.Id"/> the study comes from.</summary>
    public required string SourceName { get; set; }

    public required string StudyInstanceUid { get; set; }

    public string? PatientName { get; set; }

    public string? PatientNameKey { get; set; }

    public string? PatientId { get; set; }

    public string? PatientBirthDate { get; set; }

    public string? PatientSex { get; set; }

    public string? StudyDate { get; set; }

    public string? StudyTime { get; set; }

    public string? AccessionNumber { get; set; }

    public string? StudyId { get; set; }

    public string? StudyDescription { get; set; }

    public string? StudyDescriptionKey { get; set; }

    public string? ReferringPhysicianName { get; set; }

    /// <summary>Modalities in Study as DICOM writes them (<c>CT\SR</c>).</summary>
    public string? Modalities { get; set; }

    /// <summary>The modalities as <c>|CT|SR|</c>, so one modality is matched with LIKE <c>%|CT|%</c>.</summary>
    public string? ModalitiesKey { get; set; }

    public ReadingStatus Status { get; set; }

    public ReadingPriority Priority { get; set; } = ReadingPriority.Routine;

    /// <summary>User name of the radiologist the study is assigned to; null when unassigned.</summary>
    public string? AssignedTo { get; set; }

    /// <summary>User name of the radiologist holding the reading lock, or null.</summary>
    public string? LockedBy { get; set; }

    /// <summary>When the lock lapses unless renewed; a lock past this time may be taken by someone else.</summary>
    public DateTimeOffset? LockExpiresAt { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Derives the keys from the values: upper-cased name and description, <c>|CT|SR|</c> from <c>CT\SR</c>.
    /// <see cref="Data.PacsViewerDbContext"/> calls it for every added or changed row, so the keys never lag.
    /// </summary>
    public void RefreshKeys()
    {
        PatientNameKey = PatientName?.ToUpperInvariant();
        StudyDescriptionKey = StudyDescription?.ToUpperInvariant();
        ModalitiesKey = string.IsNullOrEmpty(Modalities) ? null : "|" + Modalities.Replace('\\', '|') + "|";
    }
}
