namespace PacsViewer.Core.Reporting;

/// <summary>
/// A critical finding of a report and its communication: to whom and when (append-only; a later row supersedes an
/// earlier one for display). Kept beside the report so recording it never changes a Final report.
/// </summary>
public sealed class CriticalResult
{
    public long Id { get; set; }

    public Guid ReportId { get; set; }

    public required string CommunicatedTo { get; set; }

    public DateTimeOffset CommunicatedAt { get; set; }

    public string? Note { get; set; }

    public required string RecordedBy { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}
