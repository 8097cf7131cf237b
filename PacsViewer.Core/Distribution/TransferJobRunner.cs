using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Distribution;

/// <summary>
/// Runs transfer jobs (issue 8). Wakes when a job is queued (<see cref="TransferJobSignal"/>) or every
/// <see cref="TransferJobOptions.PollInterval"/>; takes a due Queued job, or a Running one whose lease ran out (its
/// server stopped: the resume), by a conditional update, so two servers never run one job; renews the lease while the
/// handler of the job's kind runs and stops the handler when a user cancels; then sets the final state from the items
/// and records the outcome in the audit trail. A thrown failure puts the job back in the queue with exponential backoff
/// until <see cref="TransferJobOptions.MaxAttempts"/>; a <see cref="TransferJobException"/> fails it at once. On a
/// graceful stop a running job goes back to the queue (due at once); after a crash its lease runs out. Either way the
/// next runner resumes it from its items.
/// </summary>
public sealed partial class TransferJobRunner : BackgroundService
{
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromHours(1);
    private readonly PacsViewerDatabase _database;
    private readonly Dictionary<TransferJobKind, ITransferJobHandler> _handlers;
    private readonly TransferJobSignal _signal;
    private readonly TransferJobOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TransferJobRunner(PacsViewerDatabase database, IEnumerable<ITransferJobHandler> handlers, TransferJobSignal signal,
        IOptions<TransferJobOptions> options, TimeProvider time, ILogger<TransferJobRunner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        // The last registration of a kind wins (a host may replace a handler).
        _handlers = new Dictionary<TransferJobKind, ITransferJobHandler>();
        foreach (var handler in handlers)
        {
            _handlers[handler.Kind] = handler;
        }
        _signal = signal;
        _options = options.Value;
        _time = time;
        _logger = logger ?? NullLogger<TransferJobRunner>.Instance;
    }

    /// <summary>This runner's name in <see cref="TransferJob.LeaseOwner"/>: machine, process and a per-instance id.</summary>
    public string Owner { get; } = Fit($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}", 128);

    /// <summary>
    /// Runs every job due now, one after the other, each once and to its end (final, or back in the queue for a later
    /// retry); returns how many ran. For the command line (<c>pacs jobs run</c>) and tests.
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var ran = new HashSet<long>();
        while (await TryClaimAsync(ran, null, cancellationToken).ConfigureAwait(false) is { } job)
        {
            ran.Add(job.Id);
            await RunClaimedAsync(job, null, cancellationToken).ConfigureAwait(false);
        }
        return ran.Count;
    }

    /// <summary>
    /// Runs job <paramref name="jobId"/> once, now, as <see cref="RunDueAsync"/> runs a due job: claims it if it is due
    /// (Queued with its backoff over, or Running with an expired lease), runs it under this runner's lease and
    /// heartbeat, then sets its next state (final, or back in the queue for a retry) and audits the outcome.
    /// <paramref name="wrapContext"/>, when given, wraps the run's <see cref="ITransferJobContext"/> (the command line
    /// prints a line per object); it is called after the claim, once per run. Returns false, running nothing, when the
    /// job is not due here: another runner holds it, it waits for its retry, it is final or unknown. For <c>pacs send</c>.
    /// </summary>
    public async Task<bool> RunJobAsync(long jobId, Func<ITransferJobContext, ITransferJobContext>? wrapContext = null,
        CancellationToken cancellationToken = default)
    {
        if (await TryClaimAsync(null, jobId, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            return false;
        }
        await RunClaimedAsync(job, wrapContext, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Deletes jobs that finished more than <see cref="TransferJobOptions.KeepDays"/> ago, with their items and the file
    /// an export produced; returns how many. The runner does this once an hour.
    /// </summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default)
    {
        var before = _time.GetUtcNow() - TimeSpan.FromDays(_options.KeepDays);
        await using var db = _database.CreateContext();
        var expired = await db.TransferJobs.AsNoTracking()
            .Where(j => j.FinishedAt != null && j.FinishedAt < before && (j.State == TransferJobState.Succeeded
                || j.State == TransferJobState.PartlyFailed || j.State == TransferJobState.Failed || j.State == TransferJobState.Cancelled))
            .Select(j => new { j.Id, j.ResultPath }).Take(500).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var job in expired)
        {
            if (job.ResultPath is { Length: > 0 } path)
            {
                try
                {
                    File.Delete(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _logger.LogWarning("Transfer job {JobId}: its result file could not be deleted ({Error}); the job is kept for the next pass",
                        job.Id, e.GetType().Name);
                    continue;
                }
            }
            var id = job.Id;
            await db.TransferJobItems.Where(i => i.JobId == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await db.TransferJobs.Where(j => j.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
        return expired.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        var nextHousekeeping = _time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before looking at the queue: a job queued from now on wakes the wait below.
            var wake = _signal.NextWake();
            running.RemoveAll(t => t.IsCompleted);
            try
            {
                if (_time.GetUtcNow() >= nextHousekeeping)
                {
                    nextHousekeeping = _time.GetUtcNow() + HousekeepingInterval;
                    var deleted = await DeleteExpiredAsync(stoppingToken).ConfigureAwait(false);
                    if (deleted > 0)
                    {
                        _logger.LogInformation("Deleted {Count} transfer jobs finished more than {Days} days ago", deleted, _options.KeepDays);
                    }
                }
                while (running.Count < _options.MaxConcurrentJobs && await TryClaimAsync(null, null, stoppingToken).ConfigureAwait(false) is { } job)
                {
                    running.Add(Task.Run(() => RunClaimedAsync(job, null, stoppingToken), CancellationToken.None));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping while looking at the queue: still wait below for the jobs already running to go back to it.
                break;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                _logger.LogError(e, "Looking at the transfer job queue failed; trying again at the next poll");
            }
            var poll = Task.Delay(_options.PollInterval, _time, stoppingToken);
            await Task.WhenAny([wake, poll, .. running]).ConfigureAwait(false);
        }
        // Stopping: each running job sees the token and goes back to the queue.
        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Takes one due job for this runner (Queued and due, or Running with an expired lease), or null; only job
    /// <paramref name="only"/> when given.
    /// </summary>
    private async Task<TransferJob?> TryClaimAsync(IReadOnlySet<long>? exclude, long? only, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var db = _database.CreateContext();
        var query = db.TransferJobs.AsNoTracking().Where(j => (j.State == TransferJobState.Queued && j.NextAttemptAt <= now)
            || (j.State == TransferJobState.Running && j.LeaseExpiresAt < now));
        if (only is { } onlyId)
        {
            query = query.Where(j => j.Id == onlyId);
        }
        if (exclude is { Count: > 0 })
        {
            var ids = exclude.ToList();
            query = query.Where(j => !ids.Contains(j.Id));
        }
        var candidates = await query.OrderBy(j => j.NextAttemptAt).ThenBy(j => j.Id).Select(j => j.Id).Take(10)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in candidates)
        {
            var lease = now + _options.Lease;
            var version = Guid.NewGuid();
            // The same condition again in the UPDATE: of two runners only one changes the row (PostgreSQL re-checks it
            // after the other's commit; SQLite serialises writers).
            var taken = await db.TransferJobs
                .Where(j => j.Id == id && ((j.State == TransferJobState.Queued && j.NextAttemptAt <= now)
                    || (j.State == TransferJobState.Running && j.LeaseExpiresAt < now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, TransferJobState.Running)
                    .SetProperty(j => j.LeaseOwner, Owner)
                    .SetProperty(j => j.LeaseExpiresAt, lease)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                    .SetProperty(j => j.StartedAt, j => j.StartedAt ?? now)
                    .SetProperty(j => j.UpdatedAt, now)
                    .SetProperty(j => j.Version, version), cancellationToken).ConfigureAwait(false) == 1;
            if (taken)
            {
                var job = await db.TransferJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id && j.Version == version, cancellationToken)
                    .ConfigureAwait(false);
                if (job is not null)
                {
                    _signal.Changed(id);
                    return job;
                }
            }
        }
        return null;
    }

    private static string Fit(string value, int length) => value.Length <= length ? value : value[..length];
}
