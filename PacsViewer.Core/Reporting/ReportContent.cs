namespace PacsViewer.Core.Reporting;

/// <summary>The text of a report, by section.</summary>
public sealed record ReportContent(string ClinicalInformation, string Technique, string Comparison, string Findings, string Impression)
{
    public static ReportContent Empty { get; } = new("", "", "", "", "");

    /// <summary>The sections with their titles, in report order; empty sections left out.</summary>
    public IEnumerable<(string Title, string Text)> Sections()
    {
        (string, string)[] all =
        [
            ("Clinical information", ClinicalInformation), ("Technique", Technique), ("Comparison", Comparison),
            ("Findings", Findings), ("Impression", Impression),
        ];
        return all.Where(s => !string.IsNullOrWhiteSpace(s.Item2));
    }

    /// <summary>Total characters, for the size limit.</summary>
    public int Length => ClinicalInformation.Length + Technique.Length + Comparison.Length + Findings.Length + Impression.Length;
}
