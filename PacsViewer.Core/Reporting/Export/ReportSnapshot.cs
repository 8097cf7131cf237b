namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// One signed version of a report, independent of how it is persisted: everything the exports (DICOM SR, PDF, FHIR)
/// and the delivery to the PACS need.
/// </summary>
/// <param name="ReportId">The report's identity; stable across its versions.</param>
/// <param name="Version">1 for the original Final report, 2.. for each signed addendum.</param>
/// <param name="Status">Final for version 1, Amended once an addendum is signed.</param>
/// <param name="Study">The study the report reads.</param>
/// <param name="Patient">The study's patient, as the PACS knows it.</param>
/// <param name="Sections">The original report's sections, in order (e.g. Findings, Impression).</param>
/// <param name="AuthorUserName">The signing radiologist's user name.</param>
/// <param name="AuthorDisplayName">The signing radiologist's name as shown, ideally a DICOM PN (Family^Given).</param>
/// <param name="SignedAt">When the original report was signed.</param>
/// <param name="Addenda">Every signed addendum so far, in order; empty for version 1.</param>
/// <param name="Critical">The critical-result communication, when one was recorded.</param>
public sealed record ReportSnapshot(
    Guid ReportId,
    int Version,
    ReportSnapshotStatus Status,
    ReportStudy Study,
    ReportPatient Patient,
    IReadOnlyList<ReportSection> Sections,
    string AuthorUserName,
    string AuthorDisplayName,
    DateTimeOffset SignedAt,
    IReadOnlyList<ReportAddendum> Addenda,
    CriticalResultNotice? Critical);
