using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting.Delivery;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Core.Reporting;

/// <summary>
/// Report drafting and sign-off. A radiologist holding the study's reading lock creates the draft and saves it
/// (autosave: every save names the version it was based on and gets the next one; a stale version is a
/// <see cref="ReportConflictException"/> carrying the server's text); signing as Preliminary or Final needs the
/// author's password (<see cref="ISignatureVerifier"/>). A Final report never changes; corrections are signed
/// addenda (<c>ReportService.Signing.cs</c>). Every change appends a <see cref="ReportVersion"/>. Reading a report
/// is filtered by role (<c>ReportService.Reading.cs</c>): clinicians see only Final reports and their addenda.
/// </summary>
public sealed partial class ReportService(PacsViewerDatabase database, StudyLockService locks, ISignatureVerifier signatures,
    IWorklistNotifier notifier, IOptions<ReportingOptions> options, TimeProvider time)
{
    private readonly UpperInvariantLookupNormalizer _normalizer = new();

    private readonly ReportingOptions _options = options.Value;

    /// <summary>
    /// The study's report for the radiologist <paramref name="user"/>, creating an empty draft (or one filled from
    /// <paramref name="initial"/>, e.g. a template) when there is none. Claims (or renews) the study's lock; when
    /// another user holds it, throws <see cref="ReportAccessDeniedException"/> naming them.
    /// </summary>
    public async Task<ReportView> OpenForEditingAsync(StudyKey study, ClaimsPrincipal user, ReportContent? initial = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        var userName = RequireRadiologist(user);
        await RequireLockAsync(study, userName, cancellationToken).ConfigureAwait(false);
        await using var db = database.CreateContext();
        var entry = await db.WorklistEntries.AsNoTracking()
            .FirstAsync(e => e.SourceName == study.SourceName && e.StudyInstanceUid == study.StudyInstanceUid, cancellationToken)
            .ConfigureAwait(false);
        var report = await db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.WorklistEntryId == entry.Id, cancellationToken).ConfigureAwait(false);
        if (report is null)
        {
            var now = time.GetUtcNow();
            report = new Report
            {
                Id = Guid.NewGuid(), WorklistEntryId = entry.Id, Status = ReportStatus.Draft, AuthorUserName = userName,
                AuthorDisplayName = await DisplayNameAsync(db, userName, cancellationToken).ConfigureAwait(false),
                RowVersion = 1, CreatedAt = now, UpdatedAt = now,
            };
            report.SetContent(Checked(initial ?? ReportContent.Empty));
            db.Reports.Add(report);
            db.ReportVersions.Add(History(report, ReportVersionKind.Created, userName, now));
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException)
            {
                // Created meanwhile by another session of this user (one report per study): use that one.
                db.ChangeTracker.Clear();
                report = await db.Reports.AsNoTracking().FirstAsync(r => r.WorklistEntryId == entry.Id, cancellationToken).ConfigureAwait(false);
            }
            notifier.Publish(new WorklistChange(WorklistChangeKind.ReportChanged, study.SourceName, study.StudyInstanceUid));
        }
        return await ViewAsync(db, report.Id, includeDrafts: true, cancellationToken).ConfigureAwait(false)
            ?? throw new ReportNotFoundException($"Report {report.Id} not found");
    }

    /// <summary>
    /// Saves the editor's text (autosave). <paramref name="expectedVersion"/> is the version the editor last had;
    /// returns the new version. Only the author, holding the lock, may save a Draft or Preliminary report.
    /// </summary>
    public async Task<int> SaveAsync(Guid reportId, int expectedVersion, ReportContent content, ClaimsPrincipal user,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var userName = RequireRadiologist(user);
        Checked(content);
        await using var db = database.CreateContext();
        var (report, entry) = await LoadForChangeAsync(db, reportId, userName, cancellationToken).ConfigureAwait(false);
        await RequireLockAsync(new StudyKey(entry.SourceName, entry.StudyInstanceUid), userName, cancellationToken).ConfigureAwait(false);
        ThrowIfStale(report, expectedVersion);
        var now = time.GetUtcNow();
        report.SetContent(content);
        report.RowVersion = expectedVersion + 1;
        report.UpdatedAt = now;
        db.ReportVersions.Add(History(report, ReportVersionKind.Saved, userName, now));
        await SaveOrConflictAsync(db, report, expectedVersion, cancellationToken).ConfigureAwait(false);
        return report.RowVersion;
    }

    private async Task<(Report Report, WorklistEntry Entry)> LoadForChangeAsync(PacsViewerDbContext db, Guid reportId, string userName,
        CancellationToken cancellationToken)
    {
        var report = await db.Reports.Include(r => r.WorklistEntry).FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken).ConfigureAwait(false)
            ?? throw new ReportNotFoundException($"Report {reportId} not found");
        if (report.Status == ReportStatus.Final)
        {
            throw new ReportImmutableException(reportId, "a Final report never changes; add an addendum instead");
        }
        if (!string.Equals(report.AuthorUserName, userName, StringComparison.Ordinal))
        {
            throw new ReportAccessDeniedException($"Report {reportId} is drafted by {report.AuthorUserName}; only its author may change or sign it");
        }
        return (report, report.WorklistEntry!);
    }

    private static void ThrowIfStale(Report report, int expectedVersion)
    {
        if (report.RowVersion != expectedVersion)
        {
            throw new ReportConflictException(report.Id, expectedVersion, report.RowVersion, report.Status, report.Content, report.AuthorUserName);
        }
    }

    /// <summary>Saves; when another save got in between the read and this write, reports the conflict with the server's text.</summary>
    private static async Task SaveOrConflictAsync(PacsViewerDbContext db, Report report, int expectedVersion, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || IsHistoryKeyClash(e))
        {
            db.ChangeTracker.Clear();
            var current = await db.Reports.AsNoTracking().FirstAsync(r => r.Id == report.Id, cancellationToken).ConfigureAwait(false);
            throw new ReportConflictException(report.Id, expectedVersion, current.RowVersion, current.Status, current.Content, current.AuthorUserName);
        }
    }

    /// <summary>Two saves of one version both insert history row (report, version + 1): the unique key refuses the second.</summary>
    private static bool IsHistoryKeyClash(DbUpdateException e) =>
        e.Entries.Any(x => x.Entity is ReportVersion);

    private async Task RequireLockAsync(StudyKey study, string userName, CancellationToken cancellationToken)
    {
        var result = await locks.ClaimAsync(study, userName, cancellationToken).ConfigureAwait(false);
        if (!result.Acquired)
        {
            throw new ReportAccessDeniedException($"Study {study.StudyInstanceUid} is being read by {result.HeldBy}; it can be viewed read-only");
        }
    }

    private ReportContent Checked(ReportContent content)
    {
        if (content.Length > _options.MaxReportCharacters)
        {
            throw new ReportStateException($"The report is {content.Length} characters long; the limit is {_options.MaxReportCharacters}");
        }
        return content;
    }

    private static ReportVersion History(Report r, ReportVersionKind kind, string userName, DateTimeOffset at, string? addendum = null) => new()
    {
        ReportId = r.Id, RowVersion = r.RowVersion, Kind = kind, Status = r.Status, UserName = userName, At = at,
        ClinicalInformation = r.ClinicalInformation, Technique = r.Technique, Comparison = r.Comparison, Findings = r.Findings,
        Impression = r.Impression, AddendumText = addendum,
    };

    private async Task<string> DisplayNameAsync(PacsViewerDbContext db, string userName, CancellationToken cancellationToken)
    {
        var normalized = _normalizer.NormalizeName(userName);
        var name = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized).Select(u => u.DisplayName)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(name) ? userName : name;
    }

    private static string RequireRadiologist(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity?.Name;
        if (string.IsNullOrEmpty(name) || user.Identity?.IsAuthenticated != true || !user.IsInRole(PacsRoles.Radiologist))
        {
            throw new ReportAccessDeniedException("Only a signed-in radiologist can draft, sign or amend reports");
        }
        return name;
    }

    private static ReportDeliveryItem Outbox(Guid reportId, int version, string target, DateTimeOffset now) => new()
    {
        ReportId = reportId, Version = version, TargetSource = target, Status = DeliveryStatus.Pending, NextAttemptAt = now, CreatedAt = now,
    };
}
