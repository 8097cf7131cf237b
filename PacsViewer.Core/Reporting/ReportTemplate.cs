namespace PacsViewer.Core.Reporting;

/// <summary>An admin-managed starting text for reports of a modality and body part (null: any).</summary>
public sealed class ReportTemplate
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Modality (0008,0060) this template is for, e.g. CT; null for any.</summary>
    public string? Modality { get; set; }

    /// <summary>Body Part Examined (0018,0015), e.g. CHEST; null for any.</summary>
    public string? BodyPart { get; set; }

    public string ClinicalInformation { get; set; } = "";

    public string Technique { get; set; } = "";

    public string Comparison { get; set; } = "";

    public string Findings { get; set; } = "";

    public string Impression { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

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
