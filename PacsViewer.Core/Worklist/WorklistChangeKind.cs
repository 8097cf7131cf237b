namespace PacsViewer.Core.Worklist;

/// <summary>What changed on the worklist.</summary>
public enum WorklistChangeKind
{
    /// <summary>A study appeared (received by the archive, or found in a source).</summary>
    StudyArrived,

    /// <summary>Status, priority or assignee changed.</summary>
    StateChanged,

    /// <summary>A lock was taken, renewed by someone new, released or expired and taken over.</summary>
    LockChanged,

    /// <summary>A report was created, signed or amended.</summary>
    ReportChanged,
}
