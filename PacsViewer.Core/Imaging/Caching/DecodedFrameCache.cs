using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Telemetry;

namespace PacsViewer.Core.Imaging.Caching;

/// <summary>
/// Decoded frames shared by every viewer, keyed by <see cref="FrameCacheKey"/>, kept within a byte budget
/// (<see cref="CacheOptions.MemoryBytes"/>, counted as <see cref="DecodedFrame.Length"/>) and evicted least recently
/// used first. Concurrent requests for a frame that is not cached share one decode. Frames are handed out as
/// <see cref="FrameLease"/>s: an evicted frame's pooled buffer is returned only when its last lease is disposed.
/// A frame larger than the whole budget is decoded and handed out, but not kept. A failed decode is not kept: its
/// exception goes to every request waiting on it, and the next request decodes again. Thread-safe.
/// </summary>
public sealed class DecodedFrameCache : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FrameCacheKey, Entry> _entries = [];
    private readonly LinkedList<Entry> _recency = new(); // First: most recently used.
    private readonly Dictionary<FrameCacheKey, Flight> _flights = [];
    private long _cachedBytes;
    private bool _disposed;

    private readonly PacsViewerTelemetry? _telemetry;

    /// <param name="options">The byte budget (<see cref="CacheOptions.MemoryBytes"/>).</param>
    /// <param name="telemetry">When given, each <see cref="GetAsync"/> counts as a hit (no decode of its own: cached, or
    /// joining a decode in flight) or a miss (started a decode).</param>
    public DecodedFrameCache(IOptions<CacheOptions> options, PacsViewerTelemetry? telemetry = null)
    {
        _telemetry = telemetry;
        ArgumentNullException.ThrowIfNull(options);
        var budget = options.Value.MemoryBytes;
        ArgumentOutOfRangeException.ThrowIfNegative(budget, $"{nameof(CacheOptions)}.{nameof(CacheOptions.MemoryBytes)}");
        BudgetBytes = budget;
    }

    /// <summary>Upper bound on <see cref="CachedBytes"/>.</summary>
    public long BudgetBytes { get; }

    /// <summary>Pixel bytes of the frames the cache holds now (frames evicted but still leased are not counted).</summary>
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

    /// <summary>Number of frames the cache holds now.</summary>
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

    /// <summary>Number of decodes running on behalf of at least one waiting request.</summary>
    public int DecodesInFlight
    {
        get
        {
            lock (_gate)
            {
                return _flights.Count;
            }
        }
    }

    /// <summary>Whether the frame is cached now (does not count as a use).</summary>
    public bool Contains(FrameCacheKey key)
    {
        lock (_gate)
        {
            return _entries.ContainsKey(key);
        }
    }

    /// <summary>A lease on the cached frame, marked most recently used; false when it is not cached.</summary>
    public bool TryGet(FrameCacheKey key, [NotNullWhen(true)] out FrameLease? lease)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return TryGetLocked(key, out lease);
        }
    }

    /// <summary>
    /// A lease on frame <paramref name="key"/>: from the cache, from a decode already running for the same key, or
    /// from a new call of <paramref name="factory"/>, whose result the cache then owns (the factory must not keep or
    /// dispose it). The factory runs on the calling thread until its first await, and gets a token that is cancelled
    /// only when every request waiting on it has been cancelled. Cancelling <paramref name="cancellationToken"/> ends
    /// this request's wait without disturbing the others. Dispose the lease when done with the frame.
    /// </summary>
    public ValueTask<FrameLease> GetAsync(FrameCacheKey key, Func<CancellationToken, Task<DecodedFrame>> factory,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<FrameLease>(cancellationToken);
        }
        Flight? flight;
        var start = false;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (TryGetLocked(key, out var lease))
            {
                _telemetry?.RecordCacheLookup(CacheNames.DecodedFrame, hit: true);
                return ValueTask.FromResult(lease);
            }
            if (!_flights.TryGetValue(key, out flight))
            {
                flight = new Flight(key);
                _flights.Add(key, flight);
                start = true;
            }
            flight.Waiters++;
        }
        _telemetry?.RecordCacheLookup(CacheNames.DecodedFrame, hit: !start);
        if (start)
        {
            _ = RunAsync(flight, factory);
        }
        return WaitAsync(flight, cancellationToken);
    }

    /// <summary>Drops every cached frame; frames still leased are returned to the pool when their leases end.</summary>
    public void Clear()
    {
        List<FrameHandle> released;
        lock (_gate)
        {
            released = new List<FrameHandle>(_entries.Count);
            foreach (var entry in _recency)
            {
                released.Add(entry.Handle);
            }
            _entries.Clear();
            _recency.Clear();
            _cachedBytes = 0;
        }
        ReleaseAll(released);
    }

    /// <summary>Drops every cached frame; decodes still running complete for their waiters but are not kept.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }
        Clear();
    }

    private bool TryGetLocked(FrameCacheKey key, [NotNullWhen(true)] out FrameLease? lease)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            lease = null;
            return false;
        }
        _recency.Remove(entry.Node);
        _recency.AddFirst(entry.Node);
        entry.Handle.AddReference();
        lease = new FrameLease(entry.Handle);
        return true;
    }

    private async Task RunAsync(Flight flight, Func<CancellationToken, Task<DecodedFrame>> factory)
    {
        DecodedFrame frame;
        try
        {
            frame = await factory(flight.Cancellation).ConfigureAwait(false)
                ?? throw new InvalidOperationException("the frame factory returned null");
        }
#pragma warning disable CA1031 // Any failure of the factory goes to the waiters, who rethrow it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(flight, ex);
            return;
        }
        Complete(flight, frame);
    }

    private void Complete(Flight flight, DecodedFrame frame)
    {
        var handle = new FrameHandle(frame); // The flight's reference, held until its last waiter has a lease.
        List<FrameHandle>? evicted = null;
        bool noWaiters;
        lock (_gate)
        {
            var current = RemoveFlightLocked(flight);
            if (current && !_disposed && handle.Size <= BudgetBytes && !_entries.ContainsKey(flight.Key))
            {
                handle.AddReference(); // The cache's reference.
                var entry = new Entry(flight.Key, handle);
                _recency.AddFirst(entry.Node);
                _entries.Add(flight.Key, entry);
                _cachedBytes += handle.Size;
                evicted = EvictLocked();
            }
            flight.Handle = handle;
            flight.Completed = true;
            noWaiters = flight.Waiters == 0;
        }
        flight.DisposeCancellation();
        flight.Result.SetResult(handle);
        if (noWaiters)
        {
            handle.Release();
        }
        if (evicted is not null)
        {
            ReleaseAll(evicted);
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

    private async ValueTask<FrameLease> WaitAsync(Flight flight, CancellationToken cancellationToken)
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

    /// <summary>One waiter stops waiting: with a lease on the decoded frame, or without (cancelled or failed).</summary>
    private FrameLease? Leave(Flight flight, bool takeLease)
    {
        FrameLease? lease = null;
        FrameHandle? flightReference = null;
        var abandon = false;
        lock (_gate)
        {
            if (takeLease)
            {
                // The flight still holds its reference, so the handle is alive.
                flight.Handle!.AddReference();
                lease = new FrameLease(flight.Handle);
            }
            flight.Waiters--;
            if (flight.Waiters == 0)
            {
                if (flight.Completed)
                {
                    flightReference = flight.Handle;
                }
                else
                {
                    // Every waiter was cancelled: stop the decode; the next request starts a new one.
                    RemoveFlightLocked(flight);
                    abandon = true;
                }
            }
        }
        flightReference?.Release();
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

    private List<FrameHandle>? EvictLocked()
    {
        List<FrameHandle>? evicted = null;
        while (_cachedBytes > BudgetBytes && _recency.Last is { } last)
        {
            var entry = last.Value;
            _recency.RemoveLast();
            _entries.Remove(entry.Key);
            _cachedBytes -= entry.Handle.Size;
            (evicted ??= []).Add(entry.Handle);
        }
        return evicted;
    }

    private static void ReleaseAll(List<FrameHandle> handles)
    {
        foreach (var handle in handles)
        {
            handle.Release();
        }
    }

    private sealed class Entry
    {
        public Entry(FrameCacheKey key, FrameHandle handle)
        {
            Key = key;
            Handle = handle;
            Node = new LinkedListNode<Entry>(this);
        }

        public FrameCacheKey Key { get; }

        public FrameHandle Handle { get; }

        public LinkedListNode<Entry> Node { get; }
    }

    /// <summary>One decode in progress and the requests waiting on it. Mutable fields are guarded by the cache's lock.</summary>
    private sealed class Flight(FrameCacheKey key)
    {
        private readonly CancellationTokenSource _cancellation = new();

        public FrameCacheKey Key { get; } = key;

        public TaskCompletionSource<FrameHandle> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken Cancellation => _cancellation.Token;

        public int Waiters { get; set; }

        public bool Completed { get; set; }

        public FrameHandle? Handle { get; set; }

        public void Cancel()
        {
            try
            {
                _cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The decode finished meanwhile; nothing left to stop.
            }
        }

        public void DisposeCancellation() => _cancellation.Dispose();
    }
}
