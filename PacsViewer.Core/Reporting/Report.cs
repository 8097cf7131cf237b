using PacsViewer.Core.Worklist;

namespace PacsViewer.Core.Reporting;

/// <summary>
/// The report of one study (one per worklist entry). Its text is in five sections; <see cref="RowVersion"/> is the
/// optimistic concurrency token, bumped by every save. Once <see cref="ReportStatus.Final"/> it never changes again:
/// corrections are <see cref="ReportAddendum"/>s (the DbContext refuses to save a change to a Final report).
/// </summary>
public sealed class Report
{
    public Guid Id { get; set; }

    public long WorklistEntryId { get; set; }

    public WorklistEntry? WorklistEntry { get; set; }

    public ReportStatus Status { get; set; }

    public required string AuthorUserName { get; set; }

    public string AuthorDisplayName { get; set; } = "";

    public string ClinicalInformation { get; set; } = "";

    public string Technique { get; set; } = "";

    public string Comparison { get; set; } = "";

    public string Findings { get; set; } = "";

    public string Impression { get; set; } = "";

    /// <summary>Starts at 1, +1 on every save; a save naming another version is a conflict.</summary>
    public int RowVersion { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? PreliminarySignedAt { get; set; }

    public DateTimeOffset? FinalSignedAt { get; set; }

    public List<ReportAddendum> Addenda { get; set; } = [];

    public ReportContent Content => new(ClinicalInformation, Technique, Comparison, Findings, Impression);

    internal void SetContent(ReportContent content)
    {
        ClinicalInformation = content.ClinicalInformation;
        Technique = content.Technique;
        Comparison = content.Comparison;
        Findings = content.Findings;
        Impression = content.Impression;
    }
}
