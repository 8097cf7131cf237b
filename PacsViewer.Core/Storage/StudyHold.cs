namespace PacsViewer.Core.Storage;

/// <summary>
/// A hold on a study of the built-in archive (legal, teaching, clinical trial): retention never deletes it while the hold
/// is active (not released). Released holds stay as history.
/// </summary>
public sealed class StudyHold
{
    public long Id { get; set; }

    public required string StudyInstanceUid { get; set; }

    public required string Reason { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReleasedAt { get; set; }

    public string? ReleasedBy { get; set; }
}
