namespace PacsViewer.Core.Worklist;

/// <summary>The columns the worklist can be sorted by (in the database).</summary>
public enum WorklistSortField
{
    /// <summary>Priority (Stat first), then study date newest first: the default reading order.</summary>
    Priority,
    StudyDate,
    PatientName,
    PatientId,
    AccessionNumber,
    Modality,
    StudyDescription,
    Status,
    AssignedTo,
}
