namespace PacsViewer.Core.Archive.Local;

/// <summary>
/// The outcome of deleting one study from the built-in archive: how many objects and bytes went, the veto's reason,
/// and how many files could not be removed from the disk (orphans: no index row names them any more).
/// </summary>
public sealed record ArchiveDeleteResult(string StudyInstanceUid, ArchiveDeleteOutcome Outcome, long Objects = 0, long Bytes = 0,
    string? Reason = null, int FilesLeft = 0);
