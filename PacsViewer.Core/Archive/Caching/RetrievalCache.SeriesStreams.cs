namespace PacsViewer.Core.Archive.Caching;

/// <summary>The series streams running into the cache, by source and series (see <see cref="SharedSeriesStream"/>).</summary>
public sealed partial class RetrievalCache
{
    private readonly Lock _seriesStreamsGate = new(); // Taken before _gate, never while holding it.
    private readonly Dictionary<(string Source, string Study, string Series), SharedSeriesStream> _seriesStreams = [];

    /// <summary>
    /// Follows the stream running for the series, if any; else, when nothing of the series is cached yet, starts one with
    /// <paramref name="start"/> and follows it; else null (the caller lists the series and takes what is missing).
    /// </summary>
    internal (SharedSeriesStream Stream, SharedSeriesStream.Follower Follower)? FollowSeriesStream(string sourceId, string studyInstanceUid,
        string seriesInstanceUid, Action<SharedSeriesStream> start)
    {
        var key = (sourceId, studyInstanceUid, seriesInstanceUid);
        SharedSeriesStream created;
        SharedSeriesStream.Follower follower;
        lock (_seriesStreamsGate)
        {
            if (_seriesStreams.TryGetValue(key, out var running) && running.TryFollow() is { } joined)
            {
                return (running, joined);
            }
            if (ContainsAnyOfSeries(sourceId, studyInstanceUid, seriesInstanceUid))
            {
                return null;
            }
            created = new SharedSeriesStream(studyInstanceUid, seriesInstanceUid)
            {
                Finished = finished =>
                {
                    lock (_seriesStreamsGate)
                    {
                        if (_seriesStreams.TryGetValue(key, out var current) && ReferenceEquals(current, finished))
                        {
                            _seriesStreams.Remove(key);
                        }
                    }
                },
            };
            follower = created.TryFollow()!;
            _seriesStreams[key] = created;
        }
        start(created); // Outside the registry's lock: the stream's first steps run on this thread.
        return (created, follower);
    }

    /// <summary>Series streams running now (for tests and diagnostics).</summary>
    internal int SeriesStreamsRunning
    {
        get
        {
            lock (_seriesStreamsGate)
            {
                return _seriesStreams.Count;
            }
        }
    }
}
