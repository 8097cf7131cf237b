namespace PacsViewer.Core.Reporting;

/// <summary>A change to a Final report or to an append-only record (history, addendum, critical result) was refused.</summary>
public sealed class ReportImmutableException : ReportingException
{
    public ReportImmutableException(Guid? reportId, string reason)
        : base(reportId is { } id ? $"Report {id}: {reason}" : reason)
    {
        ReportId = reportId;
    }

    public Guid? ReportId { get; }
}
