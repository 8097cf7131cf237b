namespace PacsViewer.Core.Reporting.Export;

/// <summary>The study a report reads, with the attributes the exports repeat so the PACS files the report under it.</summary>
/// <param name="SourceName">The id of the study source (PacsSourceOptions name) the study came from; the report is sent back there.</param>
/// <param name="StudyInstanceUid">The study's Study Instance UID (0020,000D).</param>
/// <param name="AccessionNumber">Accession Number (0008,0050), when known.</param>
/// <param name="StudyId">Study ID (0020,0010), when known.</param>
/// <param name="StudyDate">Study Date (0008,0020), when known.</param>
/// <param name="StudyDescription">Study Description (0008,1030), when known.</param>
/// <param name="ReferringPhysicianName">Referring Physician's Name (0008,0090) as a DICOM PN, when known.</param>
public sealed record ReportStudy(
    string SourceName,
    string StudyInstanceUid,
    string? AccessionNumber,
    string? StudyId,
    DateOnly? StudyDate,
    string? StudyDescription,
    string? ReferringPhysicianName);
