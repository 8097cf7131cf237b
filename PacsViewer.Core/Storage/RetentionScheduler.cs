using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PacsViewer.Core.Storage;

/// <summary>
/// The automatic retention pass: when <see cref="StorageRetentionOptions.AutoApply"/> is on, every
/// <see cref="StorageRetentionOptions.PassInterval"/> (daily by default, the first one a pass interval after start) a dry
/// run is taken and applied. Off by default: nothing is deleted until an admin turns it on or presses "Apply now".
/// </summary>
public sealed partial class RetentionScheduler(RetentionService retention, IOptions<StorageOptions> options, TimeProvider time,
    ILogger<RetentionScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Retention;
        if (!settings.AutoApply)
        {
            return;
        }
        using var timer = new PeriodicTimer(settings.PassInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var plan = await retention.DryRunAsync(stoppingToken).ConfigureAwait(false);
                var result = await retention.ApplyAsync(plan, null, stoppingToken).ConfigureAwait(false);
                LogPass(result.Deleted.Count, result.DeletedBytes, plan.Protected.Count, result.Skipped.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention pass: {Deleted} studies deleted ({Bytes} bytes), {Protected} protected, {Skipped} left at deletion time")]
    private partial void LogPass(int deleted, long bytes, int @protected, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retention pass failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
