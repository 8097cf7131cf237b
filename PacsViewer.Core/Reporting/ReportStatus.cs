namespace PacsViewer.Core.Reporting;

/// <summary>A report's lifecycle: Draft -> Preliminary -> Final. Stored as its number; never renumber.</summary>
public enum ReportStatus
{
    Draft = 0,
    Preliminary = 1,
    Final = 2,
}
