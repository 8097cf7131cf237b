namespace PacsViewer.Core.Reporting;

/// <summary>What made a row of the report history. Stored as its number.</summary>
public enum ReportVersionKind
{
    Created = 0,
    Saved = 1,
    SignedPreliminary = 2,
    SignedFinal = 3,
    Addendum = 4,
}
