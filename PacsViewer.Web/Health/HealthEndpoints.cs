using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PacsViewer.Core.Archive;

namespace PacsViewer.Web.Health;

/// <summary>
/// <c>/health/live</c>: 200 once the process serves (no check runs). <c>/health/ready</c>: the checks tagged
/// <see cref="ReadyTag"/> (database, archive folder, PACS connections); 200 when Healthy or Degraded, 503 when
/// Unhealthy. Both answer JSON with each check's name and status, and are reachable without signing in.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapPacsViewerHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .AllowAnonymous();
        return endpoints;
    }

    /// <summary>
    /// <c>{"status": "...", "checks": [{"name", "status", "description", "durationMs"}, ...]}</c>; each PACS connection as
    /// a check of its own named <c>pacs:NAME</c> with its round trip. Descriptions carry no secrets.
    /// </summary>
    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds));
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries)
        {
            WriteCheck(json, name, entry.Status, entry.Description, entry.Duration);
            foreach (var probe in entry.Data.Values.OfType<SourceProbeResult>())
            {
                WriteCheck(json, $"{name}:{probe.SourceName}", probe.Success ? HealthStatus.Healthy : entry.Status, probe.Message, probe.RoundTrip);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static void WriteCheck(Utf8JsonWriter json, string name, HealthStatus status, string? description, TimeSpan duration)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("status", status.ToString());
        if (description is not null)
        {
            json.WriteString("description", description);
        }
        json.WriteNumber("durationMs", Math.Round(duration.TotalMilliseconds));
        json.WriteEndObject();
    }
}
