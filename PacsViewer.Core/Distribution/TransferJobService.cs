using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;

namespace PacsViewer.Core.Distribution;

/// <summary>
/// What users do with transfer jobs (the jobs page, the API, <c>pacs jobs</c>): list them (their own; an Admin sees
/// all), look at one with its items, cancel, retry. A job is its creator's or an Admin's to change.
/// </summary>
public sealed class TransferJobService(PacsViewerDatabase database, TransferJobSignal signal, TimeProvider time)
{
    /// <summary>The jobs <paramref name="user"/> may see that match <paramref name="query"/>, newest first.</summary>
    public async Task<IReadOnlyList<TransferJob>> ListAsync(ClaimsPrincipal user, TransferJobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(query);
        await using var db = database.CreateContext();
        var jobs = Visible(db.TransferJobs.AsNoTracking(), user, query.All);
        if (query.State is { } state)
        {
            jobs = jobs.Where(j => j.State == state);
        }
        if (query.Kind is { } kind)
        {
            jobs = jobs.Where(j => j.Kind == kind);
        }
        return await jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id)
            .Skip(Math.Max(0, query.Offset)).Take(Math.Clamp(query.Limit, 1, TransferJobQuery.MaxLimit))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether any job <paramref name="user"/> sees is still Queued or Running (the jobs page polls while so).</summary>
    public async Task<bool> AnyActiveAsync(ClaimsPrincipal user, bool all, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = database.CreateContext();
        return await Visible(db.TransferJobs.AsNoTracking(), user, all)
            .AnyAsync(j => j.State == TransferJobState.Queued || j.State == TransferJobState.Running, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One job, or null when there is none with that id that <paramref name="user"/> may see.</summary>
    public async Task<TransferJob?> GetAsync(long id, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = database.CreateContext();
        return await Visible(db.TransferJobs.AsNoTracking(), user, all: true).FirstOrDefaultAsync(j => j.Id == id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A page of job <paramref name="id"/>'s items, failed first; empty when the job is not <paramref name="user"/>'s to see.</summary>
    public async Task<TransferJobItemPage> GetItemsAsync(long id, ClaimsPrincipal user, int offset = 0, int limit = 100, bool failedOnly = false,
        CancellationToken cancellationToken = default)
    {
        if (await GetAsync(id, user, cancellationToken).ConfigureAwait(false) is null)
        {
            return new TransferJobItemPage([], 0);
        }
        await using var db = database.CreateContext();
        var items = db.TransferJobItems.AsNoTracking().Where(i => i.JobId == id);
        if (failedOnly)
        {
            items = items.Where(i => i.State == TransferItemState.Failed);
        }
        var total = await items.CountAsync(cancellationToken).ConfigureAwait(false);
        var page = await items.OrderBy(i => i.State == TransferItemState.Failed ? 0 : 1).ThenBy(i => i.Id)
            .Skip(Math.Max(0, offset)).Take(Math.Clamp(limit, 1, TransferJobQuery.MaxLimit))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new TransferJobItemPage(page, total);
    }

    /// <summary>
    /// Cancels job <paramref name="id"/>: a Queued job becomes Cancelled at once; a Running one is flagged and its runner
    /// stops it at the next object (done objects stay done). False when it already finished (or is unknown to the user).
    /// </summary>
    public async Task<bool> CancelAsync(long id, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var job = await GetOwnAsync(id, user, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return false;
        }
        var now = time.GetUtcNow();
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var cancelledNow = await db.TransferJobs.Where(j => j.Id == id && j.State == TransferJobState.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, TransferJobState.Cancelled)
                .SetProperty(j => j.CancelRequested, true)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.UpdatedAt, now)
                .SetProperty(j => j.Version, Guid.NewGuid()), cancellationToken).ConfigureAwait(false) == 1;
        if (cancelledNow)
        {
            var entry = TransferJobAudit.Entry(job, AuditOutcome.MinorFailure,
                $"cancelled before it ran: {job.DoneObjects} of {job.TotalObjects} objects done") with { UserName = null };
            db.AuditEvents.Add(DatabaseAuditLog.NewRow(entry.By(user), now));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            signal.Changed(id);
            return true;
        }
        var flagged = await db.TransferJobs.Where(j => j.Id == id && j.State == TransferJobState.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.CancelRequested, true)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken).ConfigureAwait(false) == 1;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (flagged)
        {
            // This server's runner stops it now; another server's at its next heartbeat. The runner records the outcome.
            signal.RequestCancel(id);
            signal.Changed(id);
        }
        return flagged;
    }

    /// <summary>
    /// Runs a Failed or PartlyFailed job again: its failed items go back to Pending and it is queued, due now, with its
    /// attempts reset. Done items are not redone. False when the job is not in one of those states.
    /// </summary>
    public async Task<bool> RetryAsync(long id, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var job = await GetOwnAsync(id, user, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return false;
        }
        var now = time.GetUtcNow();
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var requeued = await db.TransferJobs
            .Where(j => j.Id == id && (j.State == TransferJobState.Failed || j.State == TransferJobState.PartlyFailed))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, TransferJobState.Queued)
                .SetProperty(j => j.Attempts, 0)
                .SetProperty(j => j.NextAttemptAt, now)
                .SetProperty(j => j.FailedObjects, 0)
                .SetProperty(j => j.FinishedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.LastError, (string?)null)
                .SetProperty(j => j.CancelRequested, false)
                .SetProperty(j => j.UpdatedAt, now)
                .SetProperty(j => j.Version, Guid.NewGuid()), cancellationToken).ConfigureAwait(false) == 1;
        if (!requeued)
        {
            return false;
        }
        await db.TransferJobItems.Where(i => i.JobId == id && i.State == TransferItemState.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, TransferItemState.Pending)
                .SetProperty(i => i.Error, (string?)null)
                .SetProperty(i => i.CompletedAt, (DateTimeOffset?)null), cancellationToken).ConfigureAwait(false);
        var entry = TransferJobAudit.Entry(job, AuditOutcome.Success, "queued again (retry)") with { UserName = null };
        db.AuditEvents.Add(DatabaseAuditLog.NewRow(entry.By(user), now));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        signal.Wake();
        signal.Changed(id);
        return true;
    }

    /// <summary>The job if <paramref name="user"/> may change it (its creator or an Admin); null if unknown; throws if someone else's.</summary>
    private async Task<TransferJob?> GetOwnAsync(long id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = database.CreateContext();
        var job = await db.TransferJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return null;
        }
        if (!IsAdmin(user) && !string.Equals(job.CreatedBy, user.Identity?.Name, StringComparison.Ordinal))
        {
            throw new TransferJobAccessDeniedException($"Transfer job {id} is another user's: only its creator or an administrator can change it");
        }
        return job;
    }

    private static IQueryable<TransferJob> Visible(IQueryable<TransferJob> jobs, ClaimsPrincipal user, bool all)
    {
        if (all && IsAdmin(user))
        {
            return jobs;
        }
        var name = user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "" : "";
        return jobs.Where(j => j.CreatedBy == name);
    }

    private static bool IsAdmin(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && user.IsInRole(PacsRoles.Admin);
}
