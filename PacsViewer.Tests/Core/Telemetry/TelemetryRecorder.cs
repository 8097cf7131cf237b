using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using PacsViewer.Core.Telemetry;

namespace PacsViewer.Tests.Core.Telemetry;

/// <summary>
/// Records the measurements and stopped activities of one <see cref="PacsViewerTelemetry"/> (its meter, told apart from
/// other hosts' meters of the same name by reference, and its activity source), through the BCL's own
/// <see cref="MeterListener"/> and <see cref="ActivityListener"/>.
/// </summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public TelemetryRecorder(PacsViewerTelemetry telemetry)
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, telemetry.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, telemetry.ActivitySource),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public IReadOnlyList<Measurement> Measurements => [.. _measurements];

    public IReadOnlyList<Activity> Activities => [.. _stopped];

    /// <summary>The measurements of instrument <paramref name="name"/>.</summary>
    public IReadOnlyList<Measurement> Of(string name) => Measurements.Where(m => m.Instrument == name).ToList();

    /// <summary>How many lookups of <paramref name="cache"/> had <paramref name="result"/> (hit or miss).</summary>
    public long Lookups(string cache, string result) => Of("pacsviewer.cache.lookups")
        .Where(m => m.Tag(PacsViewerTelemetry.CacheTag) == cache && m.Tag(PacsViewerTelemetry.CacheResultTag) == result)
        .Sum(m => (long)m.Value);

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }
        _measurements.Enqueue(new Measurement(instrument.Name, value, copy));
    }

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags)
    {
        public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value : null;
    }
}
