using System.Diagnostics;

namespace PacsViewer.Core.Telemetry;

/// <summary>
/// One timed round trip to a PACS (see <see cref="PacsViewerTelemetry.StartPacsRoundTrip"/>): a client span named after
/// the operation with the peer's address (OpenTelemetry's <c>server.address</c>/<c>server.port</c>), and on dispose a
/// measurement of <c>pacsviewer.pacs.duration</c>.
/// </summary>
public sealed class PacsRoundTrip : IDisposable
{
    private readonly PacsViewerTelemetry _telemetry;
    private readonly string _operation;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Activity? _activity;
    private bool _succeeded;
    private bool _disposed;

    internal PacsRoundTrip(PacsViewerTelemetry telemetry, string operation, string host, int port)
    {
        _telemetry = telemetry;
        _operation = operation;
        _activity = telemetry.ActivitySource.StartActivity(operation, ActivityKind.Client);
        if (_activity is not null)
        {
            _activity.SetTag(PacsViewerTelemetry.OperationTag, operation);
            _activity.SetTag("server.address", host);
            _activity.SetTag("server.port", port);
        }
    }

    /// <summary>Marks the round trip as completed successfully.</summary>
    public void Succeeded() => _succeeded = true;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _telemetry.RecordPacsRoundTrip(Stopwatch.GetElapsedTime(_started), _operation, _succeeded);
        if (_activity is not null)
        {
            _activity.SetTag(PacsViewerTelemetry.OutcomeTag, _succeeded ? "success" : "failure");
            if (!_succeeded)
            {
                _activity.SetStatus(ActivityStatusCode.Error);
            }
            _activity.Dispose();
        }
    }
}
