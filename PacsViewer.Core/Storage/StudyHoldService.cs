using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Storage;

/// <summary>
/// Holds on studies of the built-in archive (legal, teaching, trial): while active, retention never deletes the study.
/// Placing and releasing are Admin only and audited (<see cref="AuditActions.ConfigurationChanged"/>, object type
/// <see cref="AuditObjectTypes.StudyHold"/>); a released hold stays as history.
/// </summary>
public sealed class StudyHoldService(PacsViewerDatabase database, IAuditLog audit, TimeProvider time)
{
    /// <summary>Active holds, newest first.</summary>
    public async Task<IReadOnlyList<StudyHold>> ListActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.StudyHolds.AsNoTracking().Where(h => h.ReleasedAt == null).OrderByDescending(h => h.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every hold of one study, released ones included, newest first.</summary>
    public async Task<IReadOnlyList<StudyHold>> HistoryAsync(string studyInstanceUid, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.StudyHolds.AsNoTracking().Where(h => h.StudyInstanceUid == studyInstanceUid).OrderByDescending(h => h.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Places a hold on a study (it need not be in the archive yet).</summary>
    public async Task<StudyHold> PlaceAsync(string studyInstanceUid, string reason, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        StorageAdmin.Require(user);
        var uid = (studyInstanceUid ?? "").Trim();
        var why = (reason ?? "").Trim();
        // A UID is digits and dots, 64 characters at most (PS3.5 9.1).
        if (uid.Length is 0 or > 64 || !uid.All(c => c is (>= '0' and <= '9') or '.') || uid.StartsWith('.') || uid.EndsWith('.'))
        {
            throw new StorageException("A hold needs a Study Instance UID (digits and dots, 64 characters at most).");
        }
        if (why.Length is 0 or > AuditColumns.DetailLength - 32)
        {
            throw new StorageException("A hold needs a reason (at most 990 characters).");
        }
        var hold = new StudyHold { StudyInstanceUid = uid, Reason = why, CreatedBy = user.Identity?.Name ?? "", CreatedAt = time.GetUtcNow() };
        await using (var db = database.CreateContext())
        {
            db.StudyHolds.Add(hold);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        await audit.RecordAsync(new AuditEntry(AuditActions.ConfigurationChanged)
        {
            ObjectType = AuditObjectTypes.StudyHold, ObjectId = hold.Id.ToString(CultureInfo.InvariantCulture), StudyInstanceUid = uid,
            Detail = $"hold placed: {why}",
        }.By(user), cancellationToken).ConfigureAwait(false);
        return hold;
    }

    /// <summary>Releases an active hold (kept as history with who and when).</summary>
    public async Task ReleaseAsync(long holdId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        StorageAdmin.Require(user);
        await using var db = database.CreateContext();
        var hold = await db.StudyHolds.FirstOrDefaultAsync(h => h.Id == holdId, cancellationToken).ConfigureAwait(false)
            ?? throw new StorageException($"Hold {holdId} does not exist.");
        if (hold.ReleasedAt is not null)
        {
            throw new StorageException($"The hold on {hold.StudyInstanceUid} was already released by {hold.ReleasedBy}.");
        }
        hold.ReleasedAt = time.GetUtcNow();
        hold.ReleasedBy = user.Identity?.Name;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(new AuditEntry(AuditActions.ConfigurationChanged)
        {
            ObjectType = AuditObjectTypes.StudyHold, ObjectId = hold.Id.ToString(CultureInfo.InvariantCulture), StudyInstanceUid = hold.StudyInstanceUid,
            Detail = $"hold released (was: {hold.Reason})",
        }.By(user), cancellationToken).ConfigureAwait(false);
    }
}
