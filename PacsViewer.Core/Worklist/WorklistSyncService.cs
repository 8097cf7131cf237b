using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Core.Worklist;

/// <summary>
/// Puts studies on the worklist: each study the built-in archive indexes (queued from its
/// <see cref="LocalArchive.InstanceIndexed"/> event, so a new study shows up without a reload), the archive's
/// studies at start, and every <see cref="WorklistOptions.SourcePollInterval"/> the recent studies of the other
/// sources (those of the <see cref="StudySourceCatalog"/> at each poll, so an admin's new PACS connection is polled too). A failing source is logged and retried at the next poll; it never stops the others.
/// </summary>
public sealed class WorklistSyncService(LocalArchive archive, StudySourceCatalog sources, WorklistSynchronizer synchronizer,
    IOptions<WorklistOptions> options, TimeProvider time, ILogger<WorklistSyncService> logger) : BackgroundService
{
    private readonly Channel<string> _arrived = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
    });

    private readonly TaskCompletionSource _initialSync = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the archive's existing studies are on the worklist.</summary>
    public Task InitialSync => _initialSync.Task;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        archive.InstanceIndexed += OnIndexed;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        archive.InstanceIndexed -= OnIndexed;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnIndexed(object? sender, InstanceKey key) => _arrived.Writer.TryWrite(key.StudyInstanceUid);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await synchronizer.SyncAsync(archive, new StudyQuery(), stoppingToken).ConfigureAwait(false);
            _initialSync.TrySetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Putting the built-in archive's studies on the worklist failed");
            _initialSync.TrySetException(e);
        }
        var poll = options.Value.SourcePollInterval > TimeSpan.Zero
            ? PollSourcesAsync(stoppingToken)
            : Task.CompletedTask;
        var batch = new HashSet<string>(StringComparer.Ordinal);
        while (await _arrived.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            // A study arrives as many instances: sync each study of the burst once.
            batch.Clear();
            while (_arrived.Reader.TryRead(out var uid))
            {
                batch.Add(uid);
            }
            foreach (var studyUid in batch)
            {
                try
                {
                    await synchronizer.SyncAsync(archive, new StudyQuery { StudyInstanceUid = studyUid, Limit = 1 }, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Putting archive study {StudyInstanceUid} on the worklist failed", studyUid);
                }
            }
        }
        await poll.ConfigureAwait(false);
    }

    private async Task PollSourcesAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SourcePollInterval, time);
        do
        {
            var since = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-options.Value.SourcePollDays);
            foreach (var source in sources.All.Where(s => !ReferenceEquals(s, archive)))
            {
                try
                {
                    await synchronizer.SyncAsync(source, new StudyQuery { StudyDateFrom = since }, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Polling source {Source} for the worklist failed", source.Id);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
