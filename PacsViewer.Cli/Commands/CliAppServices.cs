using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
    /// Runs job <paramref name="jobId"/> in this process until it is final (waiting out its backoff between attempts)
    /// and returns it as it ended; other due jobs run on the way. For <c>pacs send</c> and <c>pacs export</c>.
    /// </summary>
    public async Task<TransferJob> RunToEndAsync(long jobId, CancellationToken cancellationToken)
    {
        var jobs = Get<TransferJobService>();
        var time = Get<TimeProvider>();
        while (true)
        {
            await Runner.RunDueAsync(cancellationToken).ConfigureAwait(false);
            var job = await jobs.GetAsync(jobId, Operator, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"job {jobId} does not exist");
            if (job.State is not (TransferJobState.Queued or TransferJobState.Running))
            {
                return job;
            }
            // Waiting for a retry (or another server's lease to run out): sleep until it is due, at most a few seconds.
            var due = job.State == TransferJobState.Queued ? job.NextAttemptAt : job.LeaseExpiresAt ?? time.GetUtcNow();
            var wait = due - time.GetUtcNow();
            await Task.Delay(wait < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : wait > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : wait,
                time, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
