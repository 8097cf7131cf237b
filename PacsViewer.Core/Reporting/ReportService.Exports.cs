using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Reporting.Delivery;
using PacsViewer.Core.Reporting.Export;
using PacsViewer.Core.Security;

namespace PacsViewer.Core.Reporting;

public sealed partial class ReportService
{
    /// <summary>
    /// One signed version of a report as the export writers take it (<see cref="IReportExporter"/>), for
    /// <paramref name="user"/>: version 1 is the original Final report, 2.. the report after each addendum; null means
    /// the latest. Only Final reports are exported. A report the user may not see (a clinician asking for a report that
    /// is not Final, or anyone without a reading role) is reported as not found, never as forbidden, so report ids
    /// cannot be probed.
    /// </summary>
    /// <exception cref="ReportNotFoundException">No such report or version, or not visible to <paramref name="user"/>.</exception>
    /// <exception cref="ReportStateException">A radiologist or admin asked for a report that is not signed Final yet.</exception>
    public async Task<ReportSnapshot> GetSnapshotAsync(Guid reportId, int? version, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var seesDrafts = user.Identity?.IsAuthenticated == true && (user.IsInRole(PacsRoles.Radiologist) || user.IsInRole(PacsRoles.Admin));
        var clinician = user.Identity?.IsAuthenticated == true && user.IsInRole(PacsRoles.Clinician);
        var notFound = new ReportNotFoundException($"Report {reportId} not found");
        if (!seesDrafts && !clinician)
        {
            throw notFound;
        }
        await using var db = database.CreateContext();
        var status = await db.Reports.AsNoTracking().Where(r => r.Id == reportId).Select(r => (ReportStatus?)r.Status)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (status is null || (status != ReportStatus.Final && !seesDrafts))
        {
            throw notFound;
        }
        if (status != ReportStatus.Final)
        {
            throw new ReportStateException($"Report {reportId} is {status}; only Final reports are exported");
        }
        var latest = await db.ReportAddenda.AsNoTracking().Where(a => a.ReportId == reportId).MaxAsync(a => (int?)a.Version, cancellationToken)
            .ConfigureAwait(false) ?? 1;
        var wanted = version ?? latest;
        if (wanted < 1 || wanted > latest)
        {
            throw new ReportNotFoundException($"Report {reportId} has no signed version {wanted} (versions 1 to {latest})");
        }
        return await ReportSnapshotBuilder.BuildAsync(db, reportId, wanted, cancellationToken).ConfigureAwait(false);
    }
}
