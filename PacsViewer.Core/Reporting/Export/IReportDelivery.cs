namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// Sends a signed report (the original Final version or an addendum) back to the study's PACS.
/// Delivering the same <see cref="ReportSnapshot.ReportId"/> and <see cref="ReportSnapshot.Version"/> twice
/// produces the same object, so a retried send never makes a duplicate.
/// </summary>
public interface IReportDelivery
{
    /// <summary>Delivers <paramref name="report"/>; completes when the destination has accepted it.</summary>
    /// <exception cref="ReportDeliveryException">The destination is unknown, unreachable or refused the report.</exception>
    Task DeliverAsync(ReportSnapshot report, CancellationToken cancellationToken);
}
