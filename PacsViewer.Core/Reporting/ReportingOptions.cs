namespace PacsViewer.Core.Reporting;

/// <summary>Reporting settings (section <c>Reporting</c>).</summary>
public sealed record ReportingOptions
{
    public const string SectionName = "Reporting";

    /// <summary>Longest report text (all sections together), in characters.</summary>
    public int MaxReportCharacters { get; set; } = 100_000;

    /// <summary>Longest addendum, in characters.</summary>
    public int MaxAddendumCharacters { get; set; } = 20_000;
}
