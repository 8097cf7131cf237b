namespace PacsViewer.Core.Archive.Caching;

public sealed partial class RetrievalCache
{
    /// <summary>
    /// Empties the cache, or only <paramref name="sourceId"/>'s entries: each is taken out of the index; a file nobody
    /// reads is deleted now, a leased one is marked removed and deleted when its last lease ends (as eviction does).
    /// Retrievals in flight are not disturbed: they finish and their instance is cached afresh. The index is written
    /// before this returns.
    /// </summary>
    /// <param name="sourceId">A source id, or null for every source.</param>
    public CachePurgeResult Purge(string? sourceId = null)
    {
        List<Entry> delete = [];
        var removed = 0;
        var leased = 0;
        long bytes = 0;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var node = _recency.First;
            while (node is not null)
            {
                var next = node.Next;
                var entry = node.Value;
                if (sourceId is null || string.Equals(entry.Key.SourceId, sourceId, StringComparison.Ordinal))
                {
                    _recency.Remove(node);
                    _entries.Remove(entry.Key);
                    entry.Removed = true;
                    removed++;
                    bytes += entry.Size;
                    if (entry.Leases == 0)
                    {
                        _deletingBytes += entry.Size;
                        delete.Add(entry);
                    }
                    else
                    {
                        leased++; // Release deletes it once the last reader is done.
                    }
                }
                node = next;
            }
        }
        DeleteFiles(delete);
        SaveIndex();
        return new CachePurgeResult(sourceId, removed, bytes, leased);
    }
}
