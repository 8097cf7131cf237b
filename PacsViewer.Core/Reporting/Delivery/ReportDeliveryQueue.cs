using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting.Export;
using PacsViewer.Core.Security;

namespace PacsViewer.Core.Reporting.Delivery;

/// <summary>
/// The report delivery outbox. Rows are written by <see cref="ReportService"/> in the sign-off's transaction; here
/// each due row is taken for one attempt by a conditional update (so two app servers never send it at once), handed
/// to <see cref="IReportDelivery"/>, and marked Sent, or rescheduled with exponential backoff and its error, or
/// Failed after <see cref="ReportDeliveryOptions.MaxAttempts"/>. Nothing is deleted: a failure stays visible.
/// </summary>
public sealed class ReportDeliveryQueue(PacsViewerDatabase database, IOptions<ReportDeliveryOptions> options, TimeProvider time,
    ILogger<ReportDeliveryQueue>? logger = null)
{
    private const int MaxErrorLength = 1000;
    private readonly ReportDeliveryOptions _options = options.Value;
    private readonly ILogger _logger = logger ?? NullLogger<ReportDeliveryQueue>.Instance;

    /// <summary>Attempts every due row once (at most <paramref name="batch"/>); returns how many were attempted.</summary>
    public async Task<int> ProcessDueAsync(IReportDelivery delivery, int batch = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var now = time.GetUtcNow();
        List<(long Id, DateTimeOffset NextAttemptAt)> due;
        await using (var db = database.CreateContext())
        {
            due = (await db.ReportDeliveries.AsNoTracking()
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Take(batch)
                .Select(d => new { d.Id, d.NextAttemptAt })
                .ToListAsync(cancellationToken).ConfigureAwait(false)).Select(d => (d.Id, d.NextAttemptAt)).ToList();
        }
        var attempted = 0;
        foreach (var (id, seen) in due)
        {
            if (await AttemptAsync(delivery, id, seen, cancellationToken).ConfigureAwait(false))
            {
                attempted++;
            }
        }
        return attempted;
    }

    private async Task<bool> AttemptAsync(IReportDelivery delivery, long id, DateTimeOffset seen, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var now = time.GetUtcNow();
        var lease = now + _options.AttemptLease;
        // Take the row for this attempt: only if nobody else took it since we read it.
        var taken = await db.ReportDeliveries
            .Where(d => d.Id == id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt == seen)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, lease), cancellationToken).ConfigureAwait(false) == 1;
        if (!taken)
        {
            return false;
        }
        var item = await db.ReportDeliveries.FirstAsync(d => d.Id == id, cancellationToken).ConfigureAwait(false);
        string? error = null;
        try
        {
            var snapshot = await ReportSnapshotBuilder.BuildAsync(db, item.ReportId, item.Version, cancellationToken).ConfigureAwait(false);
            await delivery.DeliverAsync(snapshot, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the lease runs out and the row is attempted again (by this or another server).
            throw;
        }
        catch (Exception e)
        {
            error = e is ReportDeliveryException or ReportingException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        }
        var after = time.GetUtcNow();
        item.Attempts++;
        if (error is null)
        {
            item.Status = DeliveryStatus.Sent;
            item.SentAt = after;
            item.LastError = null;
            item.NextAttemptAt = after;
        }
        else
        {
            item.LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
            item.Status = item.Attempts >= _options.MaxAttempts ? DeliveryStatus.Failed : DeliveryStatus.Pending;
            item.NextAttemptAt = after + _options.DelayAfter(item.Attempts);
            _logger.LogWarning("Delivering report {ReportId} version {Version} to {Source} failed (attempt {Attempts}): {Error}",
                item.ReportId, item.Version, item.TargetSource, item.Attempts, item.LastError);
        }
        // Not the request's token: the outcome of a finished attempt is always recorded.
        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    /// <summary>The deliveries of one report, oldest first.</summary>
    public async Task<IReadOnlyList<ReportDeliveryState>> GetForReportAsync(Guid reportId, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await Project(db.ReportDeliveries.AsNoTracking().Where(d => d.ReportId == reportId).OrderBy(d => d.Id))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rows not yet sent (retrying or failed), for the admin's view.</summary>
    public async Task<IReadOnlyList<ReportDeliveryState>> GetUnsentAsync(int limit = 200, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await Project(db.ReportDeliveries.AsNoTracking().Where(d => d.Status != DeliveryStatus.Sent).OrderBy(d => d.Id).Take(limit))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An admin sends a Failed (or waiting) row again now; false when it is already sent or unknown.</summary>
    public async Task<bool> RetryNowAsync(long id, ClaimsPrincipal admin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(admin);
        if (!admin.IsInRole(PacsRoles.Admin))
        {
            throw new ReportAccessDeniedException("Only an administrator can resend a report");
        }
        var now = time.GetUtcNow();
        await using var db = database.CreateContext();
        return await db.ReportDeliveries.Where(d => d.Id == id && d.Status != DeliveryStatus.Sent)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.NextAttemptAt, now), cancellationToken)
            .ConfigureAwait(false) == 1;
    }

    private static IQueryable<ReportDeliveryState> Project(IQueryable<ReportDeliveryItem> q) =>
        q.Select(d => new ReportDeliveryState(d.Id, d.ReportId, d.Version, d.TargetSource, d.Status, d.Attempts, d.NextAttemptAt, d.LastError,
            d.CreatedAt, d.SentAt));
}
