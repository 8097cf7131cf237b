using System.Collections.Concurrent;
using System.Diagnostics;

namespace PacsViewer.Core.Archive.Caching;

/// <summary>
/// Group-committed durability: retrieved files are leased as soon as they are renamed into place, and a few dedicated
/// threads fsync them, several at once so that the ext4 journal can commit them together. An entry is written to the
/// index only once its file is durable.
/// </summary>
/// <remarks>
/// A flush waits for a quiet moment: until no file has been added for <see cref="FlushQuietPeriod"/>, at most
/// <see cref="FlushMaxDelay"/> after its file was renamed (or at once when <see cref="FlushAsync"/> asks). While a
/// series streams in (a C-GET answers each sub-operation only once its file is created and renamed), each fsync's
/// journal commit held up the next file's creation and rename: measured, C-GET into the cache took as long with the
/// fsyncs overlapped as with every file fsync'ed before its response.
/// </remarks>
public sealed partial class RetrievalCache
{
    /// <summary>fsyncs in flight at once (each blocks its own thread, never one of the thread pool's).</summary>
    private const int FlushThreads = 4;

    /// <summary>How long no file must have been added before a flush starts.</summary>
    internal static readonly TimeSpan FlushQuietPeriod = TimeSpan.FromMilliseconds(25);

    /// <summary>The longest a renamed file waits for its flush to start.</summary>
    internal static readonly TimeSpan FlushMaxDelay = TimeSpan.FromSeconds(1);

    private readonly BlockingCollection<Entry> _flushQueue = new(new ConcurrentQueue<Entry>());
    private readonly object _flushSignal = new(); // A monitor (not a Lock): flush threads wait on it with Monitor.Wait.
    private int _flushThreadsStarted;
    private long _lastEnqueuedAt;
    private long _flushRequestedAt;

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
        lock (_flushSignal)
        {
            _flushRequestedAt = Stopwatch.GetTimestamp(); // Files added so far are flushed without waiting for a quiet moment.
            Monitor.PulseAll(_flushSignal);
        }
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
            var now = Stopwatch.GetTimestamp();
            entry.EnqueuedAt = now;
            Volatile.Write(ref _lastEnqueuedAt, now);
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
                WaitForQuiet(entry);
                Flush(entry);
            }
        }
        catch (ObjectDisposedException)
        {
            // The cache was disposed.
        }
    }

    /// <summary>Blocks this flush thread until no file has been added for a moment, the entry has waited long enough, or a flush is asked for.</summary>
    private void WaitForQuiet(Entry entry)
    {
        lock (_flushSignal)
        {
            while (!_stopping.IsCancellationRequested && entry.EnqueuedAt > _flushRequestedAt)
            {
                var now = Stopwatch.GetTimestamp();
                var quietFor = Stopwatch.GetElapsedTime(Volatile.Read(ref _lastEnqueuedAt), now);
                var waited = Stopwatch.GetElapsedTime(entry.EnqueuedAt, now);
                if (quietFor >= FlushQuietPeriod || waited >= FlushMaxDelay)
                {
                    return;
                }
                var wait = FlushQuietPeriod - quietFor < FlushMaxDelay - waited ? FlushQuietPeriod - quietFor : FlushMaxDelay - waited;
                Monitor.Wait(_flushSignal, wait);
            }
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
        lock (_flushSignal)
        {
            Monitor.PulseAll(_flushSignal); // Waiting threads see _stopping and flush what they hold.
        }
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
