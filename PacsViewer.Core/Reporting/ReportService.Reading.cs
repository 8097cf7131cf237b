using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Core.Reporting;

public sealed partial class ReportService
{
    /// <summary>
    /// The study's report as <paramref name="user"/> may see it: radiologists and admins see any status; a clinician
    /// sees it only once Final (with its signed addenda); anyone else sees nothing. Null when there is nothing to show.
    /// </summary>
    public async Task<ReportView?> GetForStudyAsync(StudyKey study, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var seesDrafts = user.IsInRole(PacsRoles.Radiologist) || user.IsInRole(PacsRoles.Admin);
        if (!seesDrafts && !user.IsInRole(PacsRoles.Clinician))
        {
            return null;
        }
        await using var db = database.CreateContext();
        var id = await db.Reports.AsNoTracking()
            .Where(r => r.WorklistEntry!.SourceName == study.SourceName && r.WorklistEntry.StudyInstanceUid == study.StudyInstanceUid)
            .Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return id is null ? null : await ViewAsync(db, id.Value, seesDrafts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every version of a report, oldest first (radiologists and admins only).</summary>
    public async Task<IReadOnlyList<ReportVersion>> GetHistoryAsync(Guid reportId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.IsInRole(PacsRoles.Radiologist) && !user.IsInRole(PacsRoles.Admin))
        {
            throw new ReportAccessDeniedException("Only radiologists and administrators see a report's history");
        }
        await using var db = database.CreateContext();
        return await db.ReportVersions.AsNoTracking().Where(v => v.ReportId == reportId).OrderBy(v => v.RowVersion)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ReportView?> ViewAsync(PacsViewerDbContext db, Guid reportId, bool includeDrafts, CancellationToken cancellationToken)
    {
        var query = db.Reports.AsNoTracking().Include(r => r.WorklistEntry).Where(r => r.Id == reportId);
        if (!includeDrafts)
        {
            // Enforced in the query itself: a clinician's read never loads a draft's text.
            query = query.Where(r => r.Status == ReportStatus.Final);
        }
        var r = await query.FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (r is null)
        {
            return null;
        }
        var addenda = await db.ReportAddenda.AsNoTracking().Where(a => a.ReportId == reportId).OrderBy(a => a.Version)
            .Select(a => new AddendumView(a.Version, a.Text, a.AuthorUserName, a.AuthorDisplayName, a.SignedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var critical = await db.CriticalResults.AsNoTracking().Where(c => c.ReportId == reportId).OrderByDescending(c => c.Id)
            .Select(c => new CriticalResultView(c.CommunicatedTo, c.CommunicatedAt, c.Note, c.RecordedBy))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return new ReportView(r.Id, r.WorklistEntry!.SourceName, r.WorklistEntry.StudyInstanceUid, r.Status, r.Content, r.RowVersion,
            r.AuthorUserName, r.AuthorDisplayName, r.UpdatedAt, r.PreliminarySignedAt, r.FinalSignedAt, addenda, critical);
    }
}
