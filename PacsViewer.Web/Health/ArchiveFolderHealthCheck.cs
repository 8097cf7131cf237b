using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive.Local;

namespace PacsViewer.Web.Health;

/// <summary>Readiness: a small file can be written to and deleted from the built-in archive's folder (<c>Archive:Path</c>).</summary>
public sealed class ArchiveFolderHealthCheck(IOptions<ArchiveOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(options.Value.Path, $".health-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
            return HealthCheckResult.Healthy("archive folder writable");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder's path is configuration, not a secret; the exception text may carry more, so it stays out.
            return HealthCheckResult.Unhealthy($"archive folder not writable ({e.GetType().Name})");
        }
    }
}
