namespace PacsViewer.Core.Reporting;

/// <summary>
/// One row of a report's history: the full text after each save, sign-off or addendum, who did it and when.
/// Append-only: the DbContext refuses to change or delete a saved row.
/// </summary>
public sealed class ReportVersion
{
    public long Id { get; set; }

    public Guid ReportId { get; set; }

    /// <summary>The report's <see cref="Report.RowVersion"/> after this change.</summary>
    public int RowVersion { get; set; }

    public ReportVersionKind Kind { get; set; }

    public ReportStatus Status { get; set; }

    public required string UserName { get; set; }

    public DateTimeOffset At { get; set; }

    public string ClinicalInformation { get; set; } = "";

    public string Technique { get; set; } = "";

    public string Comparison { get; set; } = "";

    public string Findings { get; set; } = "";

    public string Impression { get; set; } = "";

    /// <summary>The addendum text for <see cref="ReportVersionKind.Addendum"/>.</summary>
    public string? AddendumText { get; set; }

    public ReportContent Content => new(ClinicalInformation, Technique, Comparison, Findings, Impression);
}
