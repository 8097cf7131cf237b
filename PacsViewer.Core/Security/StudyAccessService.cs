using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;

namespace PacsViewer.Core.Security;

/// <summary>
/// Decides who may see a study (issue 7): Radiologists and Admins see every study; a Clinician sees a study whose
/// report is signed Final (with or without addenda), and any other only under a live break-glass grant, asked for
/// with a reason (<see cref="BreakGlassAsync"/>), lasting <see cref="StudyAccessOptions.BreakGlassDuration"/> and
/// audited as an emergency access. Anyone else (no role, not signed in) sees nothing. Decisions are reused for
/// <see cref="StudyAccessOptions.DecisionCacheDuration"/> per user, roles and study, so a viewer's frame requests
/// do not each query the database; <see cref="ShouldRecord"/> keeps repeated audit records of one kind down.
/// </summary>
public sealed class StudyAccessService
{
    private readonly PacsViewerDatabase _database;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly StudyAccessOptions _options;
    private readonly StudyAccessMemo<StudyAccessDecision> _decisions;
    private readonly StudyAccessMemo<bool> _recorded;

    public StudyAccessService(PacsViewerDatabase database, IAuditLog audit, IOptions<StudyAccessOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _audit = audit;
        _time = time;
        _options = options.Value;
        _decisions = new StudyAccessMemo<StudyAccessDecision>(time);
        _recorded = new StudyAccessMemo<bool>(time);
    }

    public StudyAccessOptions Options => _options;

    /// <summary>The decision for <paramref name="user"/> on one study, reused for a few seconds.</summary>
    public async Task<StudyAccessDecision> CheckAsync(ClaimsPrincipal user, string source, string studyInstanceUid,
        CancellationToken cancellationToken = default)
    {
        var key = Key(user, source, studyInstanceUid);
        if (_decisions.TryGet(key, out var cached))
        {
            return cached;
        }
        var decision = await DecideAsync(user, source, studyInstanceUid, cancellationToken).ConfigureAwait(false);
        var lifetime = _options.DecisionCacheDuration;
        if (decision.ExpiresAt is { } expires && expires - _time.GetUtcNow() < lifetime)
        {
            lifetime = expires - _time.GetUtcNow();
        }
        if (lifetime > TimeSpan.Zero)
        {
            _decisions.Set(key, decision, lifetime);
        }
        return decision;
    }

    /// <summary>The decision for <paramref name="user"/> on one study, read from the database now.</summary>
    public async Task<StudyAccessDecision> DecideAsync(ClaimsPrincipal user, string source, string studyInstanceUid,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(studyInstanceUid);
        if (UserName(user) is not { } userName)
        {
            return new StudyAccessDecision(StudyAccessKind.Denied);
        }
        if (user.IsInRole(PacsRoles.Radiologist) || user.IsInRole(PacsRoles.Admin))
        {
            return new StudyAccessDecision(StudyAccessKind.Role);
        }
        if (!user.IsInRole(PacsRoles.Clinician))
        {
            return new StudyAccessDecision(StudyAccessKind.Denied);
        }
        await using var db = _database.CreateContext();
        var final = await db.Reports.AsNoTracking()
            .AnyAsync(r => r.Status == ReportStatus.Final && r.WorklistEntry!.SourceName == source && r.WorklistEntry.StudyInstanceUid == studyInstanceUid,
                cancellationToken).ConfigureAwait(false);
        if (final)
        {
            return new StudyAccessDecision(StudyAccessKind.FinalReport, CanBreakGlass: true);
        }
        var now = _time.GetUtcNow();
        // Few rows per user and study (one per grant): read them and take the latest end here.
        var grants = await db.BreakGlassGrants.AsNoTracking()
            .Where(g => g.UserName == userName && g.SourceName == source && g.StudyInstanceUid == studyInstanceUid && g.ExpiresAt > now)
            .Select(g => g.ExpiresAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return grants.Count > 0
            ? new StudyAccessDecision(StudyAccessKind.BreakGlass, CanBreakGlass: true, ExpiresAt: grants.Max())
            : new StudyAccessDecision(StudyAccessKind.Denied, CanBreakGlass: true);
    }

    /// <summary>
    /// Emergency access for a clinician to one study: records <see cref="AuditActions.BreakGlass"/> (Emergency, the
    /// reason in Detail) and then a new grant row lasting <see cref="StudyAccessOptions.BreakGlassDuration"/>.
    /// A blank or short reason, or a user who is not a clinician, is a <see cref="StudyAccessException"/>.
    /// </summary>
    public async Task<BreakGlassGrant> BreakGlassAsync(ClaimsPrincipal user, string source, string studyInstanceUid, string? reason,
        string? clientAddress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(studyInstanceUid);
        var userName = UserName(user) ?? throw new StudyAccessException("Sign in to ask for emergency access");
        if (!user.IsInRole(PacsRoles.Clinician))
        {
            throw new StudyAccessException("Only clinicians ask for emergency access; this account's role does not allow it");
        }
        var trimmed = (reason ?? "").Trim();
        if (trimmed.Length < StudyAccessOptions.MinimumReasonLength)
        {
            throw new StudyAccessException($"Give the reason for the emergency access in at least {StudyAccessOptions.MinimumReasonLength} characters");
        }
        if (trimmed.Length > StudyAccessOptions.MaximumReasonLength)
        {
            throw new StudyAccessException($"The reason is {trimmed.Length} characters long; keep it under {StudyAccessOptions.MaximumReasonLength}");
        }
        var now = _time.GetUtcNow();
        var grant = new BreakGlassGrant
        {
            UserName = userName, SourceName = source, StudyInstanceUid = studyInstanceUid, Reason = trimmed,
            GrantedAt = now, ExpiresAt = now + _options.BreakGlassDuration,
        };
        await _audit.RecordAsync(new AuditEntry(AuditActions.BreakGlass)
        {
            ClientAddress = clientAddress, SourceName = source, StudyInstanceUid = studyInstanceUid, Emergency = true,
            ObjectType = "BreakGlassGrant", ObjectId = grant.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Detail = trimmed,
        }.By(user), cancellationToken).ConfigureAwait(false);
        await using (var db = _database.CreateContext())
        {
            db.BreakGlassGrants.Add(grant);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        _decisions.Remove(Key(user, source, studyInstanceUid));
        return grant;
    }

    /// <summary>
    /// True at most once per <see cref="StudyAccessOptions.RepeatAuditInterval"/> for one kind of record, user and
    /// study: callers record <paramref name="kind"/> (e.g. <see cref="AuditActions.AccessDenied"/>) only then.
    /// </summary>
    public bool ShouldRecord(string kind, ClaimsPrincipal user, string source, string studyInstanceUid) =>
        ShouldRecord(kind, user, source, studyInstanceUid, _options.RepeatAuditInterval);

    /// <summary>True at most once per <paramref name="interval"/> for one kind of record, user and study.</summary>
    public bool ShouldRecord(string kind, ClaimsPrincipal user, string source, string studyInstanceUid, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(user);
        return interval <= TimeSpan.Zero || _recorded.TryMark(kind + "\n" + Key(user, source, studyInstanceUid), true, interval);
    }

    private static string? UserName(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;

    private static string Key(ClaimsPrincipal user, string source, string study)
    {
        var roles = PrincipalRoles.Joined(user);
        return $"{UserName(user)}\n{roles}\n{source}\n{study}";
    }
}
