namespace PacsViewer.Web.Reporting;

/// <summary>The five sections of a report, in report order (as <see cref="Core.Reporting.ReportContent"/> holds them).</summary>
public enum ReportSectionKind
{
    ClinicalInformation,
    Technique,
    Comparison,
    Findings,
    Impression,
}
