using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Data;

namespace PacsViewer.Web.Health;

/// <summary>Readiness: the app database answers a connection within <see cref="HealthOptions.DatabaseTimeout"/>.</summary>
public sealed class DatabaseHealthCheck(PacsViewerDatabase database, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.DatabaseTimeout);
        try
        {
            await using var db = database.CreateContext();
            return await db.Database.CanConnectAsync(timeout.Token)
                ? HealthCheckResult.Healthy($"{database.Provider} database reachable")
                : HealthCheckResult.Unhealthy($"{database.Provider} database not reachable");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{database.Provider} database did not answer within {options.Value.DatabaseTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The provider's message may name the server; only the kind of failure is shown.
            return HealthCheckResult.Unhealthy($"{database.Provider} database not reachable ({e.GetType().Name})");
        }
    }
}
