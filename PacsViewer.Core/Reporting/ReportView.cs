namespace PacsViewer.Core.Reporting;

/// <summary>A report as the editor or the clinician's viewer shows it: its text, state, signatures and addenda.</summary>
public sealed record ReportView(
    Guid Id,
    string SourceName,
    string StudyInstanceUid,
    ReportStatus Status,
    ReportContent Content,
    int RowVersion,
    string AuthorUserName,
    string AuthorDisplayName,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PreliminarySignedAt,
    DateTimeOffset? FinalSignedAt,
    IReadOnlyList<AddendumView> Addenda,
    CriticalResultView? Critical);
