namespace PacsViewer.Core.Archive.Local;

/// <summary>The outcome for one object: where it came from, its SOP Instance UID when known, and why if not stored.</summary>
/// <param name="Source">The file path or name the object came from (for messages; never stored in the index).</param>
public sealed record ArchiveStoreResult(string Source, ArchiveStoreOutcome Outcome, string? SopInstanceUid = null, string? Reason = null)
{
    /// <summary>Stored or a duplicate of a stored object: the archive has it.</summary>
    public bool IsInArchive => Outcome is ArchiveStoreOutcome.Stored or ArchiveStoreOutcome.Duplicate;

    public override string ToString() => Reason is null ? $"{Source}: {Outcome}" : $"{Source}: {Outcome}: {Reason}";
}
