using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Viewing;

/// <summary>
/// Which instance stands for a series in its thumbnail (the middle one by Instance Number, PS3.3 C.7.6.1.1.1), kept
/// per source, study and series for <see cref="Lifetime"/>, so a thumbnail request the browser revalidates is answered
/// from its ETag without listing the series again. Least recently used choices go beyond <see cref="Capacity"/>; a
/// series that gains instances gets a new choice once its entry has expired. Thread-safe.
/// </summary>
public sealed class SeriesThumbnailChoices
{
    /// <summary>Default number of series remembered (a few hundred bytes each).</summary>
    public const int DefaultCapacity = 4096;

    /// <summary>Default time a choice is trusted before the series is listed again.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Source, string Study, string Series), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly TimeProvider _time;

    public SeriesThumbnailChoices(TimeProvider? time = null, int capacity = DefaultCapacity, TimeSpan? lifetime = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time ?? TimeProvider.System;
        Capacity = capacity;
        Lifetime = lifetime ?? DefaultLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Lifetime, TimeSpan.Zero, nameof(lifetime));
    }

    public int Capacity { get; }

    public TimeSpan Lifetime { get; }

    /// <summary>The remembered choice, or null when there is none or it has expired.</summary>
    public InstanceKey? TryGet(string sourceId, string studyInstanceUid, string seriesInstanceUid)
    {
        var id = (sourceId, studyInstanceUid, seriesInstanceUid);
        lock (_gate)
        {
            if (!_entries.TryGetValue(id, out var node))
            {
                return null;
            }
            if (_time.GetUtcNow() - node.Value.Chosen >= Lifetime)
            {
                _recency.Remove(node);
                _entries.Remove(id);
                return null;
            }
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Key;
        }
    }

    /// <summary>
    /// Lists the series with <see cref="IStudySource.SearchInstancesAsync"/>, chooses its middle instance by Instance
    /// Number (then SOP Instance UID) and remembers it; null when the series has no instances.
    /// </summary>
    public async Task<InstanceKey?> ChooseAsync(IStudySource source, string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var instances = new List<(int Number, string Uid)>();
        await foreach (var instance in source.SearchInstancesAsync(studyInstanceUid, seriesInstanceUid, cancellationToken).ConfigureAwait(false))
        {
            if (instance.GetFirstString(DicomTags.SOPInstanceUID) is { } uid)
            {
                instances.Add((instance.GetInt32(DicomTags.InstanceNumber, int.MaxValue), uid));
            }
        }
        if (instances.Count == 0)
        {
            return null;
        }
        instances.Sort((a, b) => a.Number != b.Number ? a.Number.CompareTo(b.Number) : string.CompareOrdinal(a.Uid, b.Uid));
        var key = new InstanceKey(studyInstanceUid, seriesInstanceUid, instances[instances.Count / 2].Uid);
        Remember(source.Id, key);
        return key;
    }

    private void Remember(string sourceId, InstanceKey key)
    {
        var id = (sourceId, key.StudyInstanceUid, key.SeriesInstanceUid);
        lock (_gate)
        {
            if (_entries.Remove(id, out var old))
            {
                _recency.Remove(old);
            }
            _entries.Add(id, _recency.AddFirst(new Entry(id, key, _time.GetUtcNow())));
            while (_entries.Count > Capacity)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.Id);
            }
        }
    }

    private sealed record Entry((string Source, string Study, string Series) Id, InstanceKey Key, DateTimeOffset Chosen);
}
