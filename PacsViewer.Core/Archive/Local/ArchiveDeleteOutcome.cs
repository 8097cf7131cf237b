namespace PacsViewer.Core.Archive.Local;

/// <summary>What <see cref="LocalArchive.DeleteStudyAsync"/> did.</summary>
public enum ArchiveDeleteOutcome
{
    /// <summary>The study's index rows are gone, then its files.</summary>
    Deleted,

    /// <summary>The index holds no such study; nothing changed.</summary>
    NotFound,

    /// <summary>The caller's last check (a hold, a report started meanwhile) refused; nothing changed.</summary>
    Vetoed,
}
