using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Reporting.Export;

namespace PacsViewer.Core.Reporting.Delivery;

/// <summary>
/// Works the report delivery outbox every <see cref="ReportDeliveryOptions.PollInterval"/> with the registered
/// <see cref="IReportDelivery"/> (the last one registered). Without one, rows wait (Pending) until a delivery is configured.
/// </summary>
public sealed class ReportDeliveryService(ReportDeliveryQueue queue, IEnumerable<IReportDelivery> deliveries, IOptions<ReportDeliveryOptions> options,
    TimeProvider time, ILogger<ReportDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delivery = deliveries.LastOrDefault();
        if (delivery is null)
        {
            logger.LogWarning("No report delivery is configured: signed reports stay queued in the outbox");
            return;
        }
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                // Drain what is due, then wait for the next tick.
                while (await queue.ProcessDueAsync(delivery, cancellationToken: stoppingToken).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Working the report delivery outbox failed; trying again at the next poll");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
