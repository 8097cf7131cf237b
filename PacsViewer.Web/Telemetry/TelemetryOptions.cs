namespace PacsViewer.Web.Telemetry;

/// <summary>
/// <c>OpenTelemetry:*</c>: where metrics and traces are exported. Nothing is exported by default; the app's meter
/// and activity source (<see cref="PacsViewer.Core.Telemetry.PacsViewerTelemetry"/>) exist either way, so
/// <c>dotnet-counters</c> and <c>dotnet-trace</c> can read them.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "OpenTelemetry";

    /// <summary>The OTLP collector, e.g. <c>http://127.0.0.1:4318</c> (http/protobuf) or <c>http://127.0.0.1:4317</c> (grpc); none by default.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> resource attribute; several app servers share it and differ by <c>service.instance.id</c>.</summary>
    public string ServiceName { get; set; } = "PacsViewer";
}
