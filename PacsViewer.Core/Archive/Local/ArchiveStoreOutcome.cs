namespace PacsViewer.Core.Archive.Local;

/// <summary>What happened to one object handed to the archive.</summary>
public enum ArchiveStoreOutcome
{
    /// <summary>Written, flushed, renamed into place and indexed.</summary>
    Stored,

    /// <summary>An object with the same SOP Instance UID is already stored; the archive kept the existing one.</summary>
    Duplicate,

    /// <summary>Not DICOM, corrupt, or missing an identifying UID: nothing was stored or indexed.</summary>
    Rejected,

    /// <summary>Not an object to archive (a DICOMDIR): its referenced files are imported on their own.</summary>
    Skipped,
}
