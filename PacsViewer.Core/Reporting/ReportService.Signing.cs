using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Core.Reporting;

public sealed partial class ReportService
{
    /// <summary>
    /// Signs the report as <paramref name="target"/> (Preliminary or Final) after the author confirms with their
    /// password. Draft -> Preliminary -> Final, or Draft -> Final. Signing Final also marks the study Final, releases
    /// the lock and queues the report for delivery, all in one transaction. Returns the new version.
    /// </summary>
    public async Task<int> SignAsync(Guid reportId, int expectedVersion, ReportStatus target, string password, ClaimsPrincipal user,
        CancellationToken cancellationToken = default)
    {
        var userName = RequireRadiologist(user);
        if (target is not (ReportStatus.Preliminary or ReportStatus.Final))
        {
            throw new ReportStateException($"A report is signed as Preliminary or Final, not {target}");
        }
        await using var db = database.CreateContext();
        var (report, entry) = await LoadForChangeAsync(db, reportId, userName, cancellationToken).ConfigureAwait(false);
        if (report.Status >= target)
        {
            throw new ReportStateException($"Report {reportId} is already {report.Status}");
        }
        ThrowIfStale(report, expectedVersion);
        if (!await signatures.VerifyAsync(userName, password, cancellationToken).ConfigureAwait(false))
        {
            throw new SignatureRejectedException(userName);
        }
        var now = time.GetUtcNow();
        report.Status = target;
        report.RowVersion = expectedVersion + 1;
        report.UpdatedAt = now;
        report.AuthorDisplayName = await DisplayNameAsync(db, userName, cancellationToken).ConfigureAwait(false);
        if (target == ReportStatus.Preliminary)
        {
            report.PreliminarySignedAt = now;
            entry.Status = ReadingStatus.Preliminary;
        }
        else
        {
            report.FinalSignedAt = now;
            entry.Status = ReadingStatus.Final;
            entry.LockedBy = null;
            entry.LockExpiresAt = null;
            db.ReportDeliveries.Add(Outbox(report.Id, 1, entry.SourceName, now));
        }
        entry.UpdatedAt = now;
        db.ReportVersions.Add(History(report, target == ReportStatus.Final ? ReportVersionKind.SignedFinal : ReportVersionKind.SignedPreliminary,
            userName, now));
        // Audited in the same transaction: the report is never signed without its audit record.
        db.AuditEvents.Add(AuditRow(AuditActions.ReportSigned, entry, report.Id, user, now, $"signed {target}"));
        await SaveOrConflictAsync(db, report, expectedVersion, cancellationToken).ConfigureAwait(false);
        notifier.Publish(new WorklistChange(WorklistChangeKind.ReportChanged, entry.SourceName, entry.StudyInstanceUid));
        return report.RowVersion;
    }

    /// <summary>
    /// Adds a signed addendum to a Final report (any radiologist, confirming with their password). The study
    /// becomes Amended and the amended report is queued for delivery in the same transaction. Returns the addendum's
    /// report version (2 for the first).
    /// </summary>
    public async Task<int> AddAddendumAsync(Guid reportId, string text, string password, ClaimsPrincipal user,
        CancellationToken cancellationToken = default)
    {
        var userName = RequireRadiologist(user);
        if (string.IsNullOrWhiteSpace(text) || text.Length > _options.MaxAddendumCharacters)
        {
            throw new ReportStateException($"An addendum needs 1 to {_options.MaxAddendumCharacters} characters of text");
        }
        if (!await signatures.VerifyAsync(userName, password, cancellationToken).ConfigureAwait(false))
        {
            throw new SignatureRejectedException(userName);
        }
        await using var db = database.CreateContext();
        var report = await db.Reports.AsNoTracking().Include(r => r.WorklistEntry).FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken)
            .ConfigureAwait(false) ?? throw new ReportNotFoundException($"Report {reportId} not found");
        if (report.Status != ReportStatus.Final)
        {
            throw new ReportStateException($"Report {reportId} is {report.Status}: only a Final report takes addenda; edit the draft instead");
        }
        var entry = report.WorklistEntry!;
        db.Attach(entry);
        var now = time.GetUtcNow();
        var last = await db.ReportAddenda.Where(a => a.ReportId == reportId).MaxAsync(a => (int?)a.Version, cancellationToken).ConfigureAwait(false);
        var version = (last ?? 1) + 1;
        var historyVersion = await db.ReportVersions.Where(v => v.ReportId == reportId).MaxAsync(v => v.RowVersion, cancellationToken)
            .ConfigureAwait(false) + 1;
        db.ReportAddenda.Add(new ReportAddendum
        {
            ReportId = reportId, Version = version, Text = text, AuthorUserName = userName,
            AuthorDisplayName = await DisplayNameAsync(db, userName, cancellationToken).ConfigureAwait(false), SignedAt = now,
        });
        db.ReportVersions.Add(new ReportVersion
        {
            ReportId = reportId, RowVersion = historyVersion, Kind = ReportVersionKind.Addendum, Status = ReportStatus.Final, UserName = userName,
            At = now, ClinicalInformation = report.ClinicalInformation, Technique = report.Technique, Comparison = report.Comparison,
            Findings = report.Findings, Impression = report.Impression, AddendumText = text,
        });
        entry.Status = ReadingStatus.Amended;
        entry.UpdatedAt = now;
        db.ReportDeliveries.Add(Outbox(reportId, version, entry.SourceName, now));
        db.AuditEvents.Add(AuditRow(AuditActions.ReportAddendum, entry, reportId, user, now,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"addendum signed as version {version}")));
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException e)
        {
            // The unique (report, version) key: another addendum was signed between our read and this write.
            throw new ReportingException($"Another addendum to report {reportId} was signed at the same time; reload and add yours again", e);
        }
        notifier.Publish(new WorklistChange(WorklistChangeKind.ReportChanged, entry.SourceName, entry.StudyInstanceUid));
        return version;
    }

    /// <summary>Records that a critical finding was communicated: to whom, when, and an optional note.</summary>
    public async Task RecordCriticalResultAsync(Guid reportId, string communicatedTo, DateTimeOffset communicatedAt, string? note,
        ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userName = RequireRadiologist(user);
        if (string.IsNullOrWhiteSpace(communicatedTo) || communicatedTo.Length > 256)
        {
            throw new ReportStateException("Say to whom the critical result was communicated (1 to 256 characters)");
        }
        await using var db = database.CreateContext();
        var entry = await db.Reports.AsNoTracking().Where(r => r.Id == reportId).Select(r => r.WorklistEntry).FirstOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false) ?? throw new ReportNotFoundException($"Report {reportId} not found");
        var now = time.GetUtcNow();
        db.CriticalResults.Add(new CriticalResult
        {
            ReportId = reportId, CommunicatedTo = communicatedTo.Trim(), CommunicatedAt = communicatedAt.ToUniversalTime(), Note = note,
            RecordedBy = userName, RecordedAt = now,
        });
        // Who communicated it and when; not to whom (a name typed by the user) nor the note.
        db.AuditEvents.Add(AuditRow(AuditActions.CriticalResultRecorded, entry, reportId, user, now, "critical result communicated"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The audit row of a change to a report, added to the change's own transaction.</summary>
    private static Audit.AuditEvent AuditRow(string action, WorklistEntry entry, Guid reportId, ClaimsPrincipal user, DateTimeOffset at, string detail) =>
        DatabaseAuditLog.NewRow(new AuditEntry(action)
        {
            SourceName = entry.SourceName, StudyInstanceUid = entry.StudyInstanceUid, PatientId = entry.PatientId, PatientName = entry.PatientName,
            ObjectType = AuditObjectTypes.Report, ObjectId = reportId.ToString("D"), Detail = detail,
        }.By(user), at);
}
