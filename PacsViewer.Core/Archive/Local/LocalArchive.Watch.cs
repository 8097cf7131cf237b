namespace PacsViewer.Core.Archive.Local;

public sealed partial class LocalArchive
{
    private readonly Lock _watchLock = new();
    private readonly List<ArchiveSeriesWatch> _watches = [];

    /// <summary>
    /// Reports the instances of one series as this archive indexes them (stored, or found already stored: a
    /// duplicate), whoever sends them (the receiver, an import), from now until the watch is disposed. Used by a
    /// DIMSE source retrieving by C-MOVE to hand out each instance as soon as our receiver has it, before the C-MOVE
    /// completes. In-process only: an instance indexed by another process is not reported, so a consumer checks the
    /// index itself once it knows the transfer ended.
    /// </summary>
    public ArchiveSeriesWatch WatchSeries(string studyInstanceUid, string seriesInstanceUid)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        var watch = new ArchiveSeriesWatch(studyInstanceUid, seriesInstanceUid, Unwatch);
        lock (_watchLock)
        {
            _watches.Add(watch);
        }
        return watch;
    }

    private void Unwatch(ArchiveSeriesWatch watch)
    {
        lock (_watchLock)
        {
            _watches.Remove(watch);
        }
    }

    /// <summary>
    /// Raised after an instance is in the index (stored, or found already stored), on the indexing thread; handlers
    /// must be quick (the worklist queues the study and returns). In-process only, like <see cref="WatchSeries"/>.
    /// </summary>
    public event EventHandler<InstanceKey>? InstanceIndexed;

    /// <summary>Called once an instance is in the index (after the rename and the index commit).</summary>
    private void NotifyIndexed(InstanceKey key)
    {
        InstanceIndexed?.Invoke(this, key);
        lock (_watchLock)
        {
            foreach (var watch in _watches)
            {
                if (string.Equals(watch.SeriesInstanceUid, key.SeriesInstanceUid, StringComparison.Ordinal)
                    && string.Equals(watch.StudyInstanceUid, key.StudyInstanceUid, StringComparison.Ordinal))
                {
                    watch.Writer.TryWrite(key);
                }
            }
        }
    }
}
