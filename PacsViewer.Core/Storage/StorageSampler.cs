using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PacsViewer.Core.Storage;

/// <summary>
/// Takes a <see cref="StorageSample"/> of the archive and the cache once at start and every
/// <see cref="StorageOptions.SampleInterval"/> (one hour by default), thinning old ones, so the storage screen shows growth.
/// A failed sample is logged and the next one taken on time.
/// </summary>
public sealed partial class StorageSampler(StorageStatisticsService statistics, IOptions<StorageOptions> options, TimeProvider time,
    ILogger<StorageSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        do
        {
            try
            {
                var rows = await statistics.TakeSampleAsync(stoppingToken).ConfigureAwait(false);
                LogSampled(rows.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Storage sample taken ({Rows} rows)")]
    private partial void LogSampled(int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking a storage sample failed; the next one is taken on time")]
    private partial void LogFailed(Exception exception);
}
