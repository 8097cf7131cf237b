namespace PacsViewer.Core.Worklist;

/// <summary>
/// What the worklist grid filters on; every key is applied in the database. Text keys take DICOM wild cards
/// (<c>*</c>, <c>?</c>, PS3.4 C.2.2.2.4); patient name and description match case-insensitively, patient ID and
/// accession number exactly (or by wild card). Null keys do not constrain. Saved per user as JSON.
/// </summary>
public sealed record WorklistFilter
{
    public string? PatientName { get; init; }

    public string? PatientId { get; init; }

    public string? AccessionNumber { get; init; }

    /// <summary>One modality the study must contain (Modalities in Study), e.g. CT.</summary>
    public string? Modality { get; init; }

    public DateOnly? StudyDateFrom { get; init; }

    public DateOnly? StudyDateTo { get; init; }

    public string? StudyDescription { get; init; }

    /// <summary>Only these statuses; empty or null for all.</summary>
    public IReadOnlyList<ReadingStatus>? Statuses { get; init; }

    /// <summary>Only these priorities; empty or null for all.</summary>
    public IReadOnlyList<ReadingPriority>? Priorities { get; init; }

    /// <summary>Only studies assigned to the user asking.</summary>
    public bool AssignedToMe { get; init; }

    /// <summary>Only studies assigned to nobody.</summary>
    public bool Unassigned { get; init; }

    /// <summary>Only studies from this source.</summary>
    public string? SourceName { get; init; }
}
