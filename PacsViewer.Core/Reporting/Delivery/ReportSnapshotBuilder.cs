using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting.Export;
using ExportAddendum = PacsViewer.Core.Reporting.Export.ReportAddendum;

namespace PacsViewer.Core.Reporting.Delivery;

/// <summary>Builds the export contract's <see cref="ReportSnapshot"/> of one signed version of a report from the database.</summary>
internal static class ReportSnapshotBuilder
{
    /// <summary>Version 1 is the original Final report; version n > 1 includes the addenda 2..n.</summary>
    public static async Task<ReportSnapshot> BuildAsync(PacsViewerDbContext db, Guid reportId, int version, CancellationToken cancellationToken)
    {
        var report = await db.Reports.AsNoTracking().Include(r => r.WorklistEntry).FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken)
            .ConfigureAwait(false) ?? throw new ReportNotFoundException($"Report {reportId} not found");
        if (report.Status != ReportStatus.Final || report.FinalSignedAt is not { } signedAt)
        {
            throw new ReportStateException($"Report {reportId} is {report.Status}; only Final reports are delivered");
        }
        var addenda = await db.ReportAddenda.AsNoTracking().Where(a => a.ReportId == reportId && a.Version <= version).OrderBy(a => a.Version)
            .Select(a => new ExportAddendum(a.Version, a.Text, a.AuthorUserName, a.AuthorDisplayName, a.SignedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (addenda.Count != version - 1)
        {
            throw new ReportStateException($"Report {reportId} has no signed version {version}");
        }
        var critical = await db.CriticalResults.AsNoTracking().Where(c => c.ReportId == reportId).OrderByDescending(c => c.Id)
            .Select(c => new CriticalResultNotice(c.CommunicatedTo, c.CommunicatedAt, c.Note))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var e = report.WorklistEntry!;
        var study = new ReportStudy(e.SourceName, e.StudyInstanceUid, e.AccessionNumber, e.StudyId, Date(e.StudyDate), e.StudyDescription,
            e.ReferringPhysicianName);
        var patient = new ReportPatient(e.PatientId ?? "", e.PatientName ?? "", Date(e.PatientBirthDate), e.PatientSex);
        var sections = report.Content.Sections().Select(s => new ReportSection(s.Title, s.Text)).ToList();
        return new ReportSnapshot(report.Id, version, version == 1 ? ReportSnapshotStatus.Final : ReportSnapshotStatus.Amended, study, patient,
            sections, report.AuthorUserName, report.AuthorDisplayName, signedAt, addenda, critical);
    }

    private static DateOnly? Date(string? da) =>
        DateOnly.TryParseExact(da, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
