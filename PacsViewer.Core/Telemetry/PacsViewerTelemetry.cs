using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PacsViewer.Core.Telemetry;

/// <summary>
/// The app's own metrics and traces: one <see cref="Meter"/> created through <see cref="IMeterFactory"/> (so each host
/// has its own, and a listener can tell two hosts in one process apart by <see cref="Meter.Scope"/>) and one
/// <see cref="System.Diagnostics.ActivitySource"/>, both named <see cref="Name"/>. Instruments:
/// <list type="bullet">
/// <item><c>pacsviewer.frame.render.duration</c> (s): decode (when not cached), render and encode of one frame, tagged
/// with the source kind, the transfer syntax family and the output format;</item>
/// <item><c>pacsviewer.cache.lookups</c>: lookups of the decoded-frame, retrieval, shared-frame and shared-metadata
/// caches, tagged with the cache and hit/miss;</item>
/// <item><c>pacsviewer.pacs.duration</c> (s): round trips to a PACS per operation (C-FIND, C-GET, C-MOVE, C-ECHO, QIDO,
/// WADO, STOW) and outcome, each also a client span.</item>
/// </list>
/// Tags carry no patient data: never a name, an ID or a UID.
/// </summary>
public sealed class PacsViewerTelemetry : IDisposable
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "PacsViewer";

    /// <summary>Tag: the kind of study source (archive, dicomweb, dimse, other).</summary>
    public const string SourceKindTag = "pacsviewer.source.kind";

    /// <summary>Tag: the transfer syntax family of the frame's stored encoding (see <see cref="TransferSyntaxFamily"/>).</summary>
    public const string TransferSyntaxFamilyTag = "pacsviewer.transfer_syntax.family";

    /// <summary>Tag: the encoded output format (jpeg, png...).</summary>
    public const string OutputFormatTag = "pacsviewer.output.format";

    /// <summary>Tag: which cache was asked (see <see cref="CacheNames"/>).</summary>
    public const string CacheTag = "pacsviewer.cache";

    /// <summary>Tag: hit or miss.</summary>
    public const string CacheResultTag = "pacsviewer.cache.result";

    /// <summary>Tag: the PACS operation (see <see cref="PacsOperations"/>).</summary>
    public const string OperationTag = "pacsviewer.pacs.operation";

    /// <summary>Tag: success or failure of a PACS round trip.</summary>
    public const string OutcomeTag = "pacsviewer.pacs.outcome";

    private readonly Histogram<double> _renderDuration;
    private readonly Counter<long> _cacheLookups;
    private readonly Histogram<double> _pacsDuration;

    public PacsViewerTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(new MeterOptions(Name));
        ActivitySource = new ActivitySource(Name);
        _renderDuration = Meter.CreateHistogram<double>("pacsviewer.frame.render.duration", "s",
            "Time to decode (unless cached), render and encode one frame");
        _cacheLookups = Meter.CreateCounter<long>("pacsviewer.cache.lookups", "{lookup}", "Cache lookups by cache and result (hit or miss)");
        _pacsDuration = Meter.CreateHistogram<double>("pacsviewer.pacs.duration", "s", "Round trips to a PACS by operation and outcome");
    }

    /// <summary>The app's meter (owned by the <see cref="IMeterFactory"/>, which disposes it).</summary>
    public Meter Meter { get; }

    /// <summary>The app's activity source (spans of PACS round trips and frame renders).</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>Records one frame render.</summary>
    public void RecordRender(TimeSpan elapsed, string sourceKind, string transferSyntaxFamily, string outputFormat) =>
        _renderDuration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>(SourceKindTag, sourceKind),
            new KeyValuePair<string, object?>(TransferSyntaxFamilyTag, transferSyntaxFamily),
            new KeyValuePair<string, object?>(OutputFormatTag, outputFormat));

    /// <summary>Counts one lookup of <paramref name="cache"/> (one of <see cref="CacheNames"/>).</summary>
    public void RecordCacheLookup(string cache, bool hit) =>
        _cacheLookups.Add(1,
            new KeyValuePair<string, object?>(CacheTag, cache),
            new KeyValuePair<string, object?>(CacheResultTag, hit ? "hit" : "miss"));

    /// <summary>
    /// Starts timing one PACS round trip (and its client span). Call <see cref="PacsRoundTrip.Succeeded"/> when it
    /// completes; disposing records the duration, and a round trip not marked succeeded counts as a failure.
    /// </summary>
    public PacsRoundTrip StartPacsRoundTrip(string operation, string host, int port) => new(this, operation, host, port);

    internal void RecordPacsRoundTrip(TimeSpan elapsed, string operation, bool succeeded) =>
        _pacsDuration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>(OperationTag, operation),
            new KeyValuePair<string, object?>(OutcomeTag, succeeded ? "success" : "failure"));

    public void Dispose() => ActivitySource.Dispose();
}
