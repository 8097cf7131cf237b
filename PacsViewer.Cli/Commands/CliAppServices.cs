using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsViewer.Core;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Security;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// Core's services for a verb that works on the app's database (built by <see cref="AppDatabaseOptions.OpenAsync"/>):
/// the database migrated, the built-in archive initialised, the transfer job queue and runner with every registered
/// handler. The command line acts as <see cref="Operator"/> (user <c>pacs</c>, an Admin: it runs on the server).
/// </summary>
internal sealed class CliAppServices : IAsyncDisposable
{
    /// <summary>The <see cref="TransferJob.CreatedBy"/> of jobs the command line queues.</summary>
    public const string UserName = "pacs";

    private readonly ServiceProvider _services;

    private CliAppServices(ServiceProvider services) => _services = services;

    public IServiceProvider Services => _services;

    /// <summary>The command line's user: <c>pacs</c>, with the Admin role (it has the server's files anyway).</summary>
    public static ClaimsPrincipal Operator { get; } =
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, UserName), new Claim(ClaimTypes.Role, PacsRoles.Admin)], "pacs-cli"));

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public TransferJobRunner Runner => Get<TransferJobRunner>();

    public static async Task<CliAppServices> OpenAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPacsViewerCore(configuration);
        var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<PacsViewerDatabase>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await provider.GetRequiredService<LocalArchive>().InitializeAsync(cancellationToken).ConfigureAwait(false);
            return new CliAppServices(provider);
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A job runner over the app database (with its signal, <c>Distribution:Jobs</c> options and clock) that has only
    /// <paramref name="handlers"/>: <c>pacs send</c> runs its job with a <see cref="Core.Distribution.Send.SendJobHandler"/>
    /// over the sources it named on its command line, which the app's catalog does not hold.
    /// </summary>
    public TransferJobRunner NewRunner(params ITransferJobHandler[] handlers) =>
        new(Get<PacsViewerDatabase>(), handlers, Get<TransferJobSignal>(), Get<IOptions<TransferJobOptions>>(), Get<TimeProvider>(),
            Get<ILogger<TransferJobRunner>>());

    /// <summary>
    /// Runs job <paramref name="jobId"/> with <paramref name="runner"/> in this process until it is final, waiting out its
    /// backoff between attempts (<paramref name="retrying"/> hears of each failed attempt), and returns it as it ended;
    /// or returns it still Queued or Running when another runner (a server's) took it. <paramref name="wrapContext"/>
    /// wraps each run's context (<see cref="TransferJobRunner.RunJobAsync"/>). <paramref name="cancellationToken"/>
    /// (Ctrl+C) cancels the job as its user would: a running attempt stops at the next object, a job waiting for its
    /// retry is cancelled at once; the job is then returned Cancelled (or as it finished first).
    /// </summary>
    public async Task<TransferJob> RunToEndAsync(TransferJobRunner runner, long jobId, Func<ITransferJobContext, ITransferJobContext>? wrapContext,
        Func<TransferJob, Task>? retrying, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var jobs = Get<TransferJobService>();
        var time = Get<TimeProvider>();
        var signal = Get<TransferJobSignal>();
        using var cancel = cancellationToken.Register(() => signal.RequestCancel(jobId));
        var announced = 0;
        while (true)
        {
            // The run itself is never cut by the token (that would put the job back in the queue as a server stop
            // does): the token's cancel reaches it through the signal, as a user's cancel.
            if (!cancellationToken.IsCancellationRequested)
            {
                await runner.RunJobAsync(jobId, wrapContext, CancellationToken.None).ConfigureAwait(false);
            }
            var job = await GetJobAsync(jobs, jobId).ConfigureAwait(false);
            if (job.State is not (TransferJobState.Queued or TransferJobState.Running))
            {
                return job;
            }
            if (cancellationToken.IsCancellationRequested)
            {
                await jobs.CancelAsync(jobId, Operator, CancellationToken.None).ConfigureAwait(false);
                return await GetJobAsync(jobs, jobId).ConfigureAwait(false);
            }
            if (job.State == TransferJobState.Running && job.LeaseOwner != runner.Owner)
            {
                return job;
            }
            if (job.State == TransferJobState.Queued && job.Attempts > announced && retrying is not null)
            {
                announced = job.Attempts;
                await retrying(job).ConfigureAwait(false);
            }
            // Waiting for the retry (or for this runner's lease to run out after a lost outcome): until it is due, looking
            // at the job again every few seconds (a cancel or retry from elsewhere).
            var due = job.State == TransferJobState.Queued ? job.NextAttemptAt : job.LeaseExpiresAt ?? time.GetUtcNow();
            var wait = due - time.GetUtcNow();
            try
            {
                await Task.Delay(wait < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : wait > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : wait,
                    time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled while waiting: the next turn cancels the job.
            }
        }
    }

    private static async Task<TransferJob> GetJobAsync(TransferJobService jobs, long jobId) =>
        await jobs.GetAsync(jobId, Operator, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"job {jobId} does not exist");

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
