using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Viewing;

/// <summary>
/// Instance datasets (headers, large values deferred) of recently viewed instances, least recently used evicted
/// beyond <see cref="Capacity"/>. Rendering a frame needs the dataset's grayscale pipeline, palette and overlays;
/// keeping the same immutable dataset lets <see cref="Imaging.Rendering.FrameRenderer"/> reuse what it read from it,
/// and spares reopening the file for every frame request. A failed read is not kept. Thread-safe.
/// </summary>
public sealed class InstanceHeaderCache
{
    /// <summary>Default number of headers kept (a few thousand headers are a few tens of MB).</summary>
    public const int DefaultCapacity = 4096;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Source, InstanceKey Key), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();

    public InstanceHeaderCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The dataset of instance <paramref name="key"/> of <paramref name="source"/>, read with <see cref="IStudySource.GetInstanceAsync"/> when not cached.</summary>
    public async Task<DicomDataset> GetAsync(IStudySource source, InstanceKey key, CancellationToken cancellationToken = default) =>
        (await GetEntryAsync(source, key, cancellationToken).ConfigureAwait(false)).Dataset;

    /// <summary>The transfer syntax the instance is stored in (as its source gave it), read with its header.</summary>
    public async Task<DicomTransferSyntax> GetTransferSyntaxAsync(IStudySource source, InstanceKey key, CancellationToken cancellationToken = default) =>
        (await GetEntryAsync(source, key, cancellationToken).ConfigureAwait(false)).TransferSyntax;

    private async Task<Entry> GetEntryAsync(IStudySource source, InstanceKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var id = (source.Id, key);
        lock (_gate)
        {
            if (_entries.TryGetValue(id, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value;
            }
        }
        var file = await source.GetInstanceAsync(key, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_entries.TryGetValue(id, out var existing))
            {
                return existing.Value;
            }
            var entry = new Entry(id, file.Dataset, file.TransferSyntax);
            var node = _recency.AddFirst(entry);
            _entries.Add(id, node);
            while (_entries.Count > Capacity)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.Id);
            }
            return entry;
        }
    }

    private sealed record Entry((string Source, InstanceKey Key) Id, DicomDataset Dataset, DicomTransferSyntax TransferSyntax);
}
