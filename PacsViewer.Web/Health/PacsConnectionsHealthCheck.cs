using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;

namespace PacsViewer.Web.Health;

/// <summary>
/// Readiness: every enabled PACS connection (configured and admin-managed) answers its probe (<see cref="SourceProbe"/>:
/// C-ECHO and a C-FIND, or QIDO-RS) within <see cref="HealthOptions.PacsProbeTimeout"/>, all probed in parallel. The
/// results are reused for <see cref="HealthOptions.PacsCacheDuration"/> and concurrent polls share one round of
/// probes. A failed connection makes the check <see cref="HealthOptions.PacsFailureStatus"/> (Degraded by default).
/// Each connection's <see cref="SourceProbeResult"/> is in the result's data under its name, and becomes its last test.
/// </summary>
public sealed class PacsConnectionsHealthCheck(PacsConnectionService connections, SourceProbe probe, IOptions<HealthOptions> options, TimeProvider time)
    : IHealthCheck
{
    private readonly Lock _gate = new();
    private (DateTimeOffset At, Task<IReadOnlyList<SourceProbeResult>> Probes)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<SourceProbeResult> results;
        try
        {
            results = await CurrentAsync().WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // E.g. the database is down (its own check says so); the message may name servers, so only the kind is shown.
            return new HealthCheckResult(options.Value.PacsFailureStatus, $"the PACS connections could not be read ({e.GetType().Name})");
        }
        var failed = results.Count(r => !r.Success);
        var data = results.ToDictionary(r => r.SourceName, r => (object)r, StringComparer.Ordinal);
        var description = results.Count == 0 ? "no PACS connection" : $"{results.Count - failed} of {results.Count} PACS connections answer";
        return new HealthCheckResult(failed == 0 ? HealthStatus.Healthy : options.Value.PacsFailureStatus, description, data: data);
    }

    /// <summary>The cached round of probes while fresh, else a new one (started once for concurrent callers).</summary>
    private Task<IReadOnlyList<SourceProbeResult>> CurrentAsync()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_last is { } last && (!last.Probes.IsCompleted || now - last.At < options.Value.PacsCacheDuration))
            {
                return last.Probes;
            }
            var probes = ProbeAllAsync();
            _last = (now, probes);
            return probes;
        }
    }

    private async Task<IReadOnlyList<SourceProbeResult>> ProbeAllAsync()
    {
        // Not the caller's token: the round is shared by every poll within the cache time, bounded by the probe timeout.
        var sources = await connections.EnabledAsync(CancellationToken.None);
        var results = await Task.WhenAll(sources.Select(s => probe.ProbeAsync(s, options.Value.PacsProbeTimeout, CancellationToken.None)));
        foreach (var result in results)
        {
            connections.Remember(result);
        }
        return results;
    }
}
