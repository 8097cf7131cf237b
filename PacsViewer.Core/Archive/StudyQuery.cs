namespace PacsViewer.Core.Archive;

/// <summary>
/// Matching keys for a study search. Text keys use DICOM wildcard matching (<c>*</c> and <c>?</c>, PS3.4 C.2.2.2.4);
/// the date range is inclusive at both ends (range matching, PS3.4 C.2.2.2.5). A null key does not constrain.
/// </summary>
public sealed record StudyQuery
{
    /// <summary>Patient's Name (0010,0010), e.g. <c>DOE^J*</c>.</summary>
    public string? PatientName { get; init; }

    /// <summary>Patient ID (0010,0020).</summary>
    public string? PatientId { get; init; }

    /// <summary>Patient's Birth Date (0010,0030).</summary>
    public DateOnly? PatientBirthDate { get; init; }

    /// <summary>First Study Date (0008,0020) to include.</summary>
    public DateOnly? StudyDateFrom { get; init; }

    /// <summary>Last Study Date (0008,0020) to include.</summary>
    public DateOnly? StudyDateTo { get; init; }

    /// <summary>A modality the study must contain: Modalities in Study (0008,0061).</summary>
    public string? Modality { get; init; }

    /// <summary>Accession Number (0008,0050).</summary>
    public string? AccessionNumber { get; init; }

    /// <summary>Study Description (0008,1030).</summary>
    public string? StudyDescription { get; init; }

    /// <summary>Study Instance UID (0020,000D): one study.</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>Ask for fuzzy matching of person names where the source supports it (PS3.18 8.3.4.1).</summary>
    public bool FuzzyMatching { get; init; }

    /// <summary>At most this many results; null leaves it to the source.</summary>
    public int? Limit { get; init; }

    /// <summary>Results to skip before the first one returned.</summary>
    public int Offset { get; init; }
}
