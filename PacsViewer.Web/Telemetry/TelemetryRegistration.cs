using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PacsViewer.Core.Telemetry;

namespace PacsViewer.Web.Telemetry;

/// <summary>
/// OpenTelemetry for the web app, only when <c>OpenTelemetry:OtlpEndpoint</c> is set: metrics of the app's meter
/// (render times, cache lookups, PACS round trips), ASP.NET Core, HttpClient and the runtime; traces of the app's
/// activity source (PACS round trips, renders), ASP.NET Core requests and HttpClient calls; both exported over OTLP.
/// </summary>
internal static class TelemetryRegistration
{
    public static void AddWebTelemetry(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName));
        if (options.OtlpEndpoint is not { } endpoint)
        {
            return;
        }
        var protocol = options.OtlpProtocol.Trim().ToLowerInvariant() switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"OpenTelemetry:OtlpProtocol '{other}' is not grpc or http/protobuf"),
        };
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics => metrics
                .AddMeter(PacsViewerTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(PacsViewerTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .UseOtlpExporter(protocol, endpoint);
    }
}
