using System.Collections.Concurrent;

namespace PacsViewer.Core.Archive.Caching;

/// <summary>
/// Group-committed durability: retrieved files are leased as soon as they are renamed into place, and a few dedicated
/// threads fsync them meanwhile, several at once so that the ext4 journal can commit them together. An entry is
/// written to the index only once its file is durable.
/// </summary>
public sealed partial class RetrievalCache
{
    /// <summary>fsyncs in flight at once (each blocks its own thread, never one of the thread pool's).</summary>
    private const int FlushThreads = 4;

    private readonly BlockingCollection<Entry> _flushQueue = new(new ConcurrentQueue<Entry>());
    private int _flushThreadsStarted;

    /// <summary>
    /// Called on a flush thread with a cached file's name just before its fsync (tests hold a flush back with it, to see
    /// that the index never names a file before it is durable). Null in production.
    /// </summary>
    internal Action<string>? BeforeFlush { get; set; }

    /// <summary>
    /// Completes once every instance handed out so far is on disk (fsync'ed) and eligible for the index; throws an
    /// <see cref="IOException"/> when one of them could not be made durable (that instance was dropped from the cache).
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        List<Task> pending = [];
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                if (!entry.Durability.Task.IsCompleted)
                {
                    pending.Add(entry.Durability.Task);
                }
            }
        }
        return Task.WhenAll(pending).WaitAsync(cancellationToken);
    }

    private void EnqueueFlush(Entry entry)
    {
        if (Interlocked.Exchange(ref _flushThreadsStarted, 1) == 0)
        {
            for (var i = 0; i < FlushThreads; i++)
            {
                new Thread(FlushLoop) { IsBackground = true, Name = "RetrievalCache fsync" }.Start();
            }
        }
        try
        {
            _flushQueue.Add(entry);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            Flush(entry); // Disposing: no thread takes it any more.
        }
    }

    private void FlushLoop()
    {
        try
        {
            foreach (var entry in _flushQueue.GetConsumingEnumerable())
            {
                Flush(entry);
            }
        }
        catch (ObjectDisposedException)
        {
            // The cache was disposed.
        }
    }

    private void Flush(Entry entry)
    {
        if (entry.Durability.Task.IsCompleted)
        {
            return;
        }
        bool removed;
        lock (_gate)
        {
            removed = entry.Removed;
        }
        if (removed)
        {
            entry.Durability.TrySetResult(); // Evicted or superseded: never indexed, nothing to make durable.
            return;
        }
        try
        {
            BeforeFlush?.Invoke(entry.FileName);
            using (var stream = new FileStream(Path.Combine(DirectoryPath, entry.FileName), FileMode.Open, FileAccess.ReadWrite,
                FileShare.ReadWrite | FileShare.Delete, 1))
            {
                stream.Flush(flushToDisk: true); // fsync
            }
            entry.Durability.TrySetResult();
            ScheduleIndexSave();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            entry.Durability.TrySetResult(); // Deleted meanwhile (evicted): not in the index either way.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(entry.Key, out var current) && ReferenceEquals(current, entry))
                {
                    _entries.Remove(entry.Key);
                    _recency.Remove(entry.Node);
                }
                entry.Removed = true;
                entry.Leases++; // Released just below, which deletes the file once no reader holds it.
            }
            Release(entry);
            entry.Durability.TrySetException(new IOException(
                $"the cached copy of instance {entry.Key.Instance.SopInstanceUid} could not be made durable: {ex.Message}", ex));
            _ = entry.Durability.Task.Exception; // Observed even when nobody calls FlushAsync.
        }
    }

    /// <summary>On dispose: the files still waiting are made durable here, so the final index lists them.</summary>
    private void FlushRemaining()
    {
        _flushQueue.CompleteAdding();
        List<Entry> pending = [];
        lock (_gate)
        {
            pending.AddRange(_entries.Values.Where(e => !e.Durability.Task.IsCompleted));
        }
        foreach (var entry in pending)
        {
            Flush(entry);
        }
        _flushQueue.Dispose(); // The threads leave their loop (ObjectDisposedException or the completed queue).
    }
}
