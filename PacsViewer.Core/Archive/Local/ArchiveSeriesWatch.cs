using System.Threading.Channels;

namespace PacsViewer.Core.Archive.Local;

/// <summary>
/// The instances of one series the archive indexes while this watch is open, in the order they are indexed
/// (<see cref="LocalArchive.WatchSeries"/>). <see cref="Complete"/> ends the reading side (optionally with a failure)
/// once the producer, such as a C-MOVE, is done; dispose to stop watching.
/// </summary>
public sealed class ArchiveSeriesWatch : IDisposable
{
    private readonly Channel<InstanceKey> _indexed = Channel.CreateUnbounded<InstanceKey>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<ArchiveSeriesWatch> _unwatch;

    internal ArchiveSeriesWatch(string studyInstanceUid, string seriesInstanceUid, Action<ArchiveSeriesWatch> unwatch)
    {
        StudyInstanceUid = studyInstanceUid;
        SeriesInstanceUid = seriesInstanceUid;
        _unwatch = unwatch;
    }

    public string StudyInstanceUid { get; }

    public string SeriesInstanceUid { get; }

    /// <summary>Each instance once it is in the index; ends after <see cref="Complete"/>, with its failure if any.</summary>
    public ChannelReader<InstanceKey> Indexed => _indexed.Reader;

    internal ChannelWriter<InstanceKey> Writer => _indexed.Writer;

    /// <summary>No more instances are expected: the reader ends after those already reported (throwing <paramref name="failure"/> if set).</summary>
    public void Complete(Exception? failure = null) => _indexed.Writer.TryComplete(failure);

    public void Dispose()
    {
        _unwatch(this);
        _indexed.Writer.TryComplete();
    }
}
