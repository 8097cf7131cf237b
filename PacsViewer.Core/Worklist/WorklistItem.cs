namespace PacsViewer.Core.Worklist;

/// <summary>One row of the worklist as the grid shows it; <see cref="LockedBy"/> is null when no live lock is held.</summary>
public sealed record WorklistItem(
    long Id,
    string SourceName,
    string StudyInstanceUid,
    string? PatientName,
    string? PatientId,
    string? PatientBirthDate,
    string? PatientSex,
    DateOnly? StudyDate,
    string? AccessionNumber,
    string? Modalities,
    string? StudyDescription,
    ReadingStatus Status,
    ReadingPriority Priority,
    string? AssignedTo,
    string? LockedBy,
    DateTimeOffset? LockExpiresAt);
