using Microsoft.Extensions.Options;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Telemetry;

namespace PacsViewer.Core.Archive.Caching;

/// <summary>
/// Instances retrieved from remote study sources, kept as files in one folder (<see cref="RetrievalCacheOptions.Path"/>)
/// within a byte budget (<see cref="RetrievalCacheOptions.DiskBytes"/>), least recently used deleted first.
/// </summary>
/// <remarks>
/// <para>Concurrent requests for an instance that is not cached share one retrieval. The retrieval gets a token that is
/// cancelled only when every request waiting on it has been cancelled. A failed retrieval is not remembered: its
/// exception goes to every waiting request and the next request retrieves again.</para>
/// <para>A retrieved object is written to a temporary file (<see cref="Staging"/>: by the source itself as the bytes
/// arrive, see <see cref="GetStagedAsync"/>, or by the cache from a <see cref="DicomFile"/>), renamed into the
/// folder under a generated name (never a UID) and opened with its large values deferred; its fsync runs in the
/// background (a few at once, see <see cref="FlushAsync"/>) and the index names it only once it is durable. Files are
/// handed out as <see cref="CachedInstance"/> leases; a leased file is never deleted, and its bytes stay counted in
/// <see cref="CachedBytes"/> until it is (the count is the bytes of the files on disk).</para>
/// <para>Every use checks the cached file (its recorded size, that it parses, that it holds the expected SOP Instance
/// UID); a file that fails is deleted and the instance retrieved again.</para>
/// <para>The index (which file holds which instance, its size, the use order) is kept in <c>index.json</c>, written to
/// a temporary file and renamed over the old one shortly after each change and on dispose. At start the index is read
/// back; entries whose file is missing or has another size are dropped, and files the index does not name (leftover
/// temporary files, files written after the last index save before a crash) are deleted.</para>
/// Thread-safe.
/// </remarks>
public sealed partial class RetrievalCache : IDisposable
{
    private const long DeferValuesLargerThan = 64 * 1024;

    private static readonly DicomReaderOptions CachedFileOptions = new() { DeferValuesLargerThan = DeferValuesLargerThan };

    private readonly Lock _gate = new();
    private readonly Dictionary<RetrievalKey, Entry> _entries = [];
    private readonly LinkedList<Entry> _recency = new(); // First: most recently used.
    private readonly Dictionary<RetrievalKey, Flight> _flights = [];
    private long _cachedBytes;
    private long _deletingBytes;
    private bool _disposed;

    private readonly PacsViewerTelemetry? _telemetry;

    /// <param name="options">Budget, folder and parallelism.</param>
    /// <param name="telemetry">When given, each lookup counts as a hit (a cached file) or a miss (a retrieval started or joined).</param>
    public RetrievalCache(IOptions<RetrievalCacheOptions> options, PacsViewerTelemetry? telemetry = null)
    {
        _telemetry = telemetry;
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        ArgumentOutOfRangeException.ThrowIfNegative(value.DiskBytes, $"{nameof(RetrievalCacheOptions)}.{nameof(RetrievalCacheOptions.DiskBytes)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(value.MaxParallelRetrievals, 1,
            $"{nameof(RetrievalCacheOptions)}.{nameof(RetrievalCacheOptions.MaxParallelRetrievals)}");
        BudgetBytes = value.DiskBytes;
        MaxParallelRetrievals = value.MaxParallelRetrievals;
        DirectoryPath = value.ResolvePath();
        Directory.CreateDirectory(DirectoryPath);
        Staging = new InstanceStaging(DirectoryPath);
        LoadIndex();
        Evict();
    }

    /// <summary>The folder holding the cached files.</summary>
    public string DirectoryPath { get; }

    /// <summary>Writes retrieved objects to temporary files in <see cref="DirectoryPath"/>, for <see cref="GetStagedAsync"/>.</summary>
    public InstanceStaging Staging { get; }

    /// <summary>Upper bound on <see cref="CachedBytes"/>, exceeded only while leased files cannot be deleted.</summary>
    public long BudgetBytes { get; }

    /// <summary>How many instances a series retrieval asks its source for at once.</summary>
    public int MaxParallelRetrievals { get; }

    /// <summary>Bytes of the cached files on disk, including files dropped from the index but still leased.</summary>
    public long CachedBytes
    {
        get
        {
            lock (_gate)
            {
                return _cachedBytes;
            }
        }
    }

    /// <summary>Number of instances the cache holds now.</summary>
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

    /// <summary>Number of retrievals running on behalf of at least one waiting request.</summary>
    public int RetrievalsInFlight
    {
        get
        {
            lock (_gate)
            {
                return _flights.Count;
            }
        }
    }

    /// <summary>Whether the instance is cached now (does not count as a use, does not check the file).</summary>
    public bool Contains(string sourceId, InstanceKey key)
    {
        lock (_gate)
        {
            return _entries.ContainsKey(new RetrievalKey(sourceId, key));
        }
    }

    /// <summary>Whether any instance of the series is cached now (a scan of the index; does not count as a use).</summary>
    public bool ContainsAnyOfSeries(string sourceId, string studyInstanceUid, string seriesInstanceUid)
    {
        lock (_gate)
        {
            foreach (var key in _entries.Keys)
            {
                if (string.Equals(key.Instance.SeriesInstanceUid, seriesInstanceUid, StringComparison.Ordinal)
                    && string.Equals(key.Instance.StudyInstanceUid, studyInstanceUid, StringComparison.Ordinal)
                    && string.Equals(key.SourceId, sourceId, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>
    /// A lease on instance <paramref name="key"/> of source <paramref name="sourceId"/>: from the cache, from a
    /// retrieval already running for it, or from a new call of <paramref name="retrieve"/>, whose result is written to
    /// the cache. The returned object must hold the requested SOP Instance UID. Cancelling
    /// <paramref name="cancellationToken"/> ends this request's wait without disturbing the others. Dispose the lease
    /// when done with the file.
    /// </summary>
    public Task<CachedInstance> GetAsync(string sourceId, InstanceKey key,
        Func<CancellationToken, Task<DicomFile>> retrieve, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        ArgumentNullException.ThrowIfNull(retrieve);
        return GetStagedAsync(sourceId, key, async token =>
        {
            var retrieved = await retrieve(token).ConfigureAwait(false)
                ?? throw new StudySourceException(sourceId, "the source returned no object");
            if (!string.Equals(retrieved.SopInstanceUid, key.SopInstanceUid, StringComparison.Ordinal))
            {
                throw new StudySourceException(sourceId,
                    $"asked for instance {key.SopInstanceUid}, the source returned {retrieved.SopInstanceUid ?? "an object without a SOP Instance UID"}");
            }
            return Staging.Stage(retrieved, token);
        }, cancellationToken);
    }

    /// <summary>
    /// As <see cref="GetAsync"/>, for a source that writes the object to a temporary file of <see cref="Staging"/>
    /// itself (e.g. straight from a WADO-RS response): the cache checks its SOP Instance UID, flushes it to disk and
    /// renames it into place (or deletes it on failure); the object is never held in memory.
    /// </summary>
    public async Task<CachedInstance> GetStagedAsync(string sourceId, InstanceKey key,
        Func<CancellationToken, Task<StagedInstance>> retrieve, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        ArgumentNullException.ThrowIfNull(retrieve);
        var cacheKey = new RetrievalKey(sourceId, key);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Entry? hit = null;
            Flight? flight = null;
            var start = false;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_entries.TryGetValue(cacheKey, out hit))
                {
                    _recency.Remove(hit.Node);
                    _recency.AddFirst(hit.Node);
                    hit.Leases++;
                }
                else
                {
                    if (!_flights.TryGetValue(cacheKey, out flight))
                    {
                        flight = new Flight(cacheKey);
                        _flights.Add(cacheKey, flight);
                        start = true;
                    }
                    flight.Waiters++;
                }
            }
            if (hit is not null)
            {
                var file = TryOpen(hit);
                if (file is not null)
                {
                    _telemetry?.RecordCacheLookup(CacheNames.Retrieval, hit: true);
                    ScheduleIndexSave();
                    return new CachedInstance(this, hit, file);
                }
                Discard(hit); // Corrupt or missing: drop it and retrieve again.
                continue;
            }
            _telemetry?.RecordCacheLookup(CacheNames.Retrieval, hit: false);
            if (start)
            {
                _ = RunAsync(flight!, retrieve);
            }
            return await WaitAsync(flight!, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the index now (it is also written shortly after each change and on dispose).</summary>
    public void SaveIndex() => SaveIndex(scheduled: false);

    private void SaveIndex(bool scheduled)
    {
        lock (_indexWriteGate) // The snapshot is taken under the write lock, so an older one never overwrites a newer.
        {
            List<IndexRecord> records;
            lock (_gate)
            {
                if (scheduled && _disposed)
                {
                    // A delayed save that lost the race with Dispose: Dispose has written the index, and the folder
                    // may already be in its owner's hands (deleted, moved), so nothing more is written to it.
                    return;
                }
                _indexSaveScheduled = false;
                records = new List<IndexRecord>(_entries.Count);
                for (var node = _recency.Last; node is not null; node = node.Previous)
                {
                    var e = node.Value;
                    if (!e.Durability.Task.IsCompletedSuccessfully)
                    {
                        continue; // Not on disk yet: listed once its fsync is done (which schedules another save).
                    }
                    records.Add(new IndexRecord(e.FileName, e.Key.SourceId, e.Key.Instance.StudyInstanceUid,
                        e.Key.Instance.SeriesInstanceUid, e.Key.Instance.SopInstanceUid, e.Size));
                }
            }
            WriteIndex(records);
        }
    }

    /// <summary>Writes the index and stops; files stay on disk for the next start. Leases still held stay valid.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
        }
        _stopping.Cancel();
        try
        {
            FlushRemaining();
            SaveIndex();
        }
        finally
        {
            _stopping.Dispose();
        }
    }

    /// <summary>A lease ends: the file may now be deleted (dropped) or evicted (over budget).</summary>
    internal void Release(Entry entry)
    {
        bool delete;
        bool overBudget;
        lock (_gate)
        {
            entry.Leases--;
            if (entry.Leases < 0)
            {
                throw new InvalidOperationException("a cached instance was released more often than it was leased");
            }
            delete = entry.Removed && entry.Leases == 0;
            if (delete)
            {
                _deletingBytes += entry.Size;
            }
            overBudget = _cachedBytes - _deletingBytes > BudgetBytes;
        }
        if (delete)
        {
            DeleteFiles([entry]);
        }
        if (overBudget)
        {
            Evict();
        }
    }

    private DicomFile? TryOpen(Entry entry)
    {
        var path = Path.Combine(DirectoryPath, entry.FileName);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length != entry.Size)
            {
                return null;
            }
            var file = DicomFile.Open(path, CachedFileOptions);
            return string.Equals(file.SopInstanceUid, entry.Key.Instance.SopInstanceUid, StringComparison.Ordinal) ? file : null;
        }
        catch (Exception ex) when (ex is DicomFormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Drops a cached entry whose file cannot be used, giving back the caller's lease.</summary>
    private void Discard(Entry entry)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(entry.Key, out var current) && ReferenceEquals(current, entry))
            {
                _entries.Remove(entry.Key);
                _recency.Remove(entry.Node);
            }
            entry.Removed = true;
        }
        ScheduleIndexSave();
        Release(entry);
    }

    private void Complete(Flight flight, Entry entry, DicomFile file)
    {
        bool noWaiters;
        lock (_gate)
        {
            RemoveFlightLocked(flight);
            _cachedBytes += entry.Size;
            entry.Leases = 1; // The flight's lease, held until its last waiter has its own.
            if (_disposed || _entries.ContainsKey(entry.Key))
            {
                entry.Removed = true; // An abandoned retrieval finished after a newer one: keep the older file.
            }
            else
            {
                _entries.Add(entry.Key, entry);
                _recency.AddFirst(entry.Node);
            }
            flight.Entry = entry;
            flight.File = file;
            flight.Completed = true;
            noWaiters = flight.Waiters == 0;
        }
        flight.DisposeCancellation();
        flight.Result.SetResult();
        ScheduleIndexSave();
        if (noWaiters)
        {
            Release(entry);
        }
    }

    private void Fail(Flight flight, Exception exception)
    {
        lock (_gate)
        {
            RemoveFlightLocked(flight);
            flight.Completed = true;
        }
        flight.DisposeCancellation();
        flight.Result.SetException(exception);
        _ = flight.Result.Task.Exception; // Observed even when every waiter has gone.
    }

    private async Task<CachedInstance> WaitAsync(Flight flight, CancellationToken cancellationToken)
    {
        try
        {
            await flight.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(flight, takeLease: false);
            throw;
        }
        return Leave(flight, takeLease: true)!;
    }

    /// <summary>One waiter stops waiting: with a lease on the cached file, or without (cancelled or failed).</summary>
    private CachedInstance? Leave(Flight flight, bool takeLease)
    {
        CachedInstance? lease = null;
        Entry? flightLease = null;
        var abandon = false;
        lock (_gate)
        {
            if (takeLease)
            {
                flight.Entry!.Leases++; // The flight still holds its lease, so the file exists.
                lease = new CachedInstance(this, flight.Entry, flight.File!);
            }
            flight.Waiters--;
            if (flight.Waiters == 0)
            {
                if (flight.Completed)
                {
                    flightLease = flight.Entry;
                }
                else
                {
                    // Every waiter was cancelled: stop the retrieval; the next request starts a new one.
                    RemoveFlightLocked(flight);
                    abandon = true;
                }
            }
        }
        if (flightLease is not null)
        {
            Release(flightLease);
        }
        if (abandon)
        {
            flight.Cancel();
        }
        return lease;
    }

    private bool RemoveFlightLocked(Flight flight)
    {
        if (_flights.TryGetValue(flight.Key, out var registered) && ReferenceEquals(registered, flight))
        {
            _flights.Remove(flight.Key);
            return true;
        }
        return false;
    }

    /// <summary>Deletes least recently used files nobody is reading until the cache is within its budget.</summary>
    private void Evict()
    {
        List<Entry>? evicted = null;
        lock (_gate)
        {
            var node = _recency.Last;
            while (_cachedBytes - _deletingBytes > BudgetBytes && node is not null)
            {
                var previous = node.Previous;
                var entry = node.Value;
                if (entry.Leases == 0)
                {
                    _recency.Remove(node);
                    _entries.Remove(entry.Key);
                    entry.Removed = true;
                    _deletingBytes += entry.Size;
                    (evicted ??= []).Add(entry);
                }
                node = previous;
            }
        }
        if (evicted is not null)
        {
            DeleteFiles(evicted);
            ScheduleIndexSave();
        }
    }

    /// <summary>Deletes the files of entries already counted in <see cref="_deletingBytes"/>.</summary>
    private void DeleteFiles(List<Entry> entries)
    {
        foreach (var entry in entries)
        {
            var deleted = TryDelete(Path.Combine(DirectoryPath, entry.FileName));
            lock (_gate)
            {
                _deletingBytes -= entry.Size;
                if (deleted)
                {
                    _cachedBytes -= entry.Size;
                }
                // Not deleted: the bytes stay counted (they are still on disk); the next start deletes the file.
            }
        }
    }

    private static bool TryDelete(string? path)
    {
        if (path is null)
        {
            return true;
        }
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>One cached file. Mutable members are guarded by the cache's lock.</summary>
    internal sealed class Entry
    {
        public Entry(RetrievalKey key, string fileName, long size, bool durable)
        {
            Key = key;
            FileName = fileName;
            Size = size;
            Node = new LinkedListNode<Entry>(this);
            if (durable)
            {
                Durability.SetResult();
            }
        }

        /// <summary>Completed once the file is on disk (fsync'ed); only then is the entry written to the index.</summary>
        public TaskCompletionSource Durability { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RetrievalKey Key { get; }

        public string FileName { get; }

        public long Size { get; }

        public LinkedListNode<Entry> Node { get; }

        /// <summary>Leases held: readers, and the retrieval until its last waiter has its own.</summary>
        public int Leases { get; set; }

        /// <summary>No longer in the index: the file is deleted when the last lease ends.</summary>
        public bool Removed { get; set; }

        /// <summary>When the file was queued for its flush (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
        public long EnqueuedAt { get; set; }
    }

    /// <summary>One retrieval in progress and the requests waiting on it. Mutable members are guarded by the cache's lock.</summary>
    private sealed class Flight(RetrievalKey key)
    {
        private readonly CancellationTokenSource _cancellation = new();

        public RetrievalKey Key { get; } = key;

        public TaskCompletionSource Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken Cancellation => _cancellation.Token;

        public int Waiters { get; set; }

        public bool Completed { get; set; }

        public Entry? Entry { get; set; }

        public DicomFile? File { get; set; }

        public void Cancel()
        {
            try
            {
                _cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The retrieval finished meanwhile; nothing left to stop.
            }
        }

        public void DisposeCancellation() => _cancellation.Dispose();
    }
}
