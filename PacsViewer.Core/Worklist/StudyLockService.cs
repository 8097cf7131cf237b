using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;

namespace PacsViewer.Core.Worklist;

/// <summary>
/// Reading locks: one radiologist at a time reads a study. The lock is a pair of columns on the study's worklist row,
/// taken by one conditional UPDATE (free, expired, or already ours), so the database decides who wins a race, on one
/// app server or several. A lock lapses after <see cref="WorklistOptions.LockIdleTimeout"/> without activity.
/// </summary>
public sealed class StudyLockService(PacsViewerDatabase database, IWorklistNotifier notifier, IOptions<WorklistOptions> options,
    TimeProvider time)
{
    private readonly TimeSpan _idle = options.Value.LockIdleTimeout;

    /// <summary>
    /// Claims <paramref name="study"/> for <paramref name="userName"/>, or renews the caller's own lock. When someone
    /// else holds a live lock, answers who and until when; nothing changes. An Unread study becomes In progress.
    /// </summary>
    public async Task<StudyLockResult> ClaimAsync(StudyKey study, string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        await using var db = database.CreateContext();
        var id = await IdOfAsync(db, study, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var expires = now + _idle;
        var previous = await db.WorklistEntries.AsNoTracking().Where(e => e.Id == id).Select(e => new { e.LockedBy, e.LockExpiresAt })
            .FirstAsync(cancellationToken).ConfigureAwait(false);
        // One statement: the row is free, lapsed or ours. Concurrent claims serialise on the row (PostgreSQL
        // re-checks the condition after the first commit; SQLite serialises writers), so exactly one matches.
        var won = await db.WorklistEntries
            .Where(e => e.Id == id && (e.LockedBy == null || e.LockedBy == userName || e.LockExpiresAt == null || e.LockExpiresAt <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.LockedBy, userName)
                .SetProperty(e => e.LockExpiresAt, expires)
                .SetProperty(e => e.Status, e => e.Status == ReadingStatus.Unread ? ReadingStatus.InProgress : e.Status)
                .SetProperty(e => e.UpdatedAt, now), cancellationToken).ConfigureAwait(false) == 1;
        if (won)
        {
            if (previous.LockedBy != userName)
            {
                notifier.Publish(new WorklistChange(WorklistChangeKind.LockChanged, study.SourceName, study.StudyInstanceUid));
            }
            return new StudyLockResult(true, userName, expires);
        }
        var holder = await db.WorklistEntries.AsNoTracking().Where(e => e.Id == id).Select(e => new { e.LockedBy, e.LockExpiresAt })
            .FirstAsync(cancellationToken).ConfigureAwait(false);
        return new StudyLockResult(false, holder.LockedBy, holder.LockExpiresAt);
    }

    /// <summary>Extends the caller's lock by the idle time (on activity); false when the caller no longer holds it.</summary>
    public async Task<bool> RenewAsync(StudyKey study, string userName, CancellationToken cancellationToken = default)
    {
        var result = await ClaimAsync(study, userName, cancellationToken).ConfigureAwait(false);
        return result.Acquired;
    }

    /// <summary>Gives up the caller's own lock; false when the caller did not hold it.</summary>
    public async Task<bool> ReleaseAsync(StudyKey study, string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        await using var db = database.CreateContext();
        var released = await db.WorklistEntries
            .Where(e => e.SourceName == study.SourceName && e.StudyInstanceUid == study.StudyInstanceUid && e.LockedBy == userName)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedBy, (string?)null).SetProperty(e => e.LockExpiresAt, (DateTimeOffset?)null),
                cancellationToken).ConfigureAwait(false) == 1;
        if (released)
        {
            notifier.Publish(new WorklistChange(WorklistChangeKind.LockChanged, study.SourceName, study.StudyInstanceUid));
        }
        return released;
    }

    /// <summary>An admin releases whoever's lock; false when there was none. Anyone else is refused.</summary>
    public async Task<bool> AdminReleaseAsync(StudyKey study, ClaimsPrincipal admin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(admin);
        if (!admin.IsInRole(PacsRoles.Admin))
        {
            throw new WorklistException("Only an administrator can release another user's lock");
        }
        await using var db = database.CreateContext();
        var released = await db.WorklistEntries
            .Where(e => e.SourceName == study.SourceName && e.StudyInstanceUid == study.StudyInstanceUid && e.LockedBy != null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedBy, (string?)null).SetProperty(e => e.LockExpiresAt, (DateTimeOffset?)null),
                cancellationToken).ConfigureAwait(false) == 1;
        if (released)
        {
            notifier.Publish(new WorklistChange(WorklistChangeKind.LockChanged, study.SourceName, study.StudyInstanceUid));
        }
        return released;
    }

    /// <summary>Who holds a live lock on the study, or null.</summary>
    public async Task<StudyLockResult> GetAsync(StudyKey study, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        await using var db = database.CreateContext();
        var id = await IdOfAsync(db, study, cancellationToken).ConfigureAwait(false);
        var row = await db.WorklistEntries.AsNoTracking().Where(e => e.Id == id).Select(e => new { e.LockedBy, e.LockExpiresAt })
            .FirstAsync(cancellationToken).ConfigureAwait(false);
        var live = row.LockedBy is not null && row.LockExpiresAt > time.GetUtcNow();
        return new StudyLockResult(false, live ? row.LockedBy : null, live ? row.LockExpiresAt : null);
    }

    private static async Task<long> IdOfAsync(PacsViewerDbContext db, StudyKey study, CancellationToken cancellationToken)
    {
        var id = await db.WorklistEntries.AsNoTracking()
            .Where(e => e.SourceName == study.SourceName && e.StudyInstanceUid == study.StudyInstanceUid)
            .Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return id ?? throw new WorklistException($"Study {study.StudyInstanceUid} of {study.SourceName} is not on the worklist");
    }
}
