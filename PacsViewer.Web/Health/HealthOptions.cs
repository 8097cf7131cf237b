using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PacsViewer.Web.Health;

/// <summary>The <c>Health</c> section: how readiness treats the PACS connections and the database.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>Readiness when a PACS connection fails its probe: Degraded (200, the default) or Unhealthy (503).</summary>
    public HealthStatus PacsFailureStatus { get; set; } = HealthStatus.Degraded;

    /// <summary>How long one PACS probe may take.</summary>
    public TimeSpan PacsProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long PACS probe results are reused, so a load balancer's polling does not flood the PACS.</summary>
    public TimeSpan PacsCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the database check may take.</summary>
    public TimeSpan DatabaseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
