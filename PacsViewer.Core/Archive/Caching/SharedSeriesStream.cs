using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace PacsViewer.Core.Archive.Caching;

/// <summary>
/// One series stream into the retrieval cache (a C-GET or a WADO-RS series request of an
/// <see cref="IStagingStudySource"/>) followed by every request for that series made while it runs, so that two viewers
/// opening the same new series ask the PACS for it once. Each follower gets its own lease on every instance, in the
/// order the stream brought them (those that came before it joined included). The stream holds a lease of its own on
/// each instance until every follower has taken its own, so none is evicted in between (the last follower to take an
/// instance, usually the only one, takes over the stream's lease rather than opening the file again); it stops (C-CANCEL, or the
/// HTTP request aborted) once no follower is left, and a follower that stops early never stops the others.
/// </summary>
internal sealed class SharedSeriesStream(string studyInstanceUid, string seriesInstanceUid)
{
    private readonly Lock _gate = new();
    private readonly List<(InstanceKey Key, Task<CachedInstance> Lease)> _arrivals = [];
    private readonly List<Follower> _followers = [];
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _released; // The stream's own leases on arrivals [0, _released) have been given back.
    private bool _ended;
    private bool _closed;
    private Exception? _failure;
    private Task _run = Task.CompletedTask;

    /// <summary>Called once the stream has ended or closed, so that later requests no longer join it.</summary>
    public Action<SharedSeriesStream>? Finished { get; init; }

    /// <summary>
    /// Starts the stream: <paramref name="stream"/> yields the staged instances, <paramref name="lease"/> hands each, with
    /// its key, to the cache (the stream's own lease). Call once, after the first follower has joined.
    /// </summary>
    public void Start(Func<CancellationToken, IAsyncEnumerable<StagedInstance>> stream, Func<InstanceKey, StagedInstance, CancellationToken, Task<CachedInstance>> lease)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(lease);
        // Not under the gate: the stream's first steps (opening the association or the request) run on this thread.
        // The follower that started it is still there, so no one can close the stream before _run is set.
        var run = RunAsync(stream, lease);
        lock (_gate)
        {
            _run = run;
        }
    }

    /// <summary>A new follower, or null once the stream has closed (no follower left) or ended.</summary>
    public Follower? TryFollow()
    {
        lock (_gate)
        {
            if (_closed || _ended)
            {
                return null;
            }
            var follower = new Follower();
            _followers.Add(follower);
            return follower;
        }
    }

    /// <summary>
    /// The follower's leases, one per instance of the stream in arrival order, each taken with <paramref name="open"/>
    /// (a hit while the stream's own lease keeps the instance cached). The first failure, of the stream or of an
    /// instance, ends the enumeration with its exception. Leaving (early or at the end) is what lets the stream stop.
    /// </summary>
    public async IAsyncEnumerable<CachedInstance> ReadAsync(Follower follower, Func<InstanceKey, CancellationToken, Task<CachedInstance>> open,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(follower);
        ArgumentNullException.ThrowIfNull(open);
        try
        {
            while (true)
            {
                (InstanceKey Key, Task<CachedInstance> Lease)? arrival = null;
                Task? changed = null;
                Exception? failure = null;
                lock (_gate)
                {
                    if (follower.Next < _arrivals.Count)
                    {
                        arrival = _arrivals[follower.Next];
                    }
                    else if (_ended)
                    {
                        failure = _failure;
                    }
                    else
                    {
                        changed = _changed.Task;
                    }
                }
                if (arrival is { } next)
                {
                    var streamLease = await next.Lease.ConfigureAwait(false); // Its failure is this instance's failure.
                    if (TakeStreamLease(follower))
                    {
                        yield return streamLease; // The last follower to need it (the only one, usually): no second open.
                    }
                    else
                    {
                        var lease = await open(next.Key, cancellationToken).ConfigureAwait(false);
                        Advance(follower);
                        yield return lease;
                    }
                }
                else if (changed is not null)
                {
                    await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (failure is not null)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }
                else
                {
                    yield break;
                }
            }
        }
        finally
        {
            await LeaveAsync(follower).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(Func<CancellationToken, IAsyncEnumerable<StagedInstance>> stream, Func<InstanceKey, StagedInstance, CancellationToken, Task<CachedInstance>> lease)
    {
        Exception? failure = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var staged in stream(_stop.Token).ConfigureAwait(false))
            {
                if (!seen.Add(staged.SopInstanceUid))
                {
                    staged.Dispose(); // Sent twice: kept once.
                    continue;
                }
                var key = new InstanceKey(studyInstanceUid, seriesInstanceUid, staged.SopInstanceUid);
                var leased = lease(key, staged, _stop.Token);
                lock (_gate)
                {
                    _arrivals.Add((key, leased));
                    if (_closed)
                    {
                        ReleaseUpTo(_arrivals.Count);
                    }
                    Signal();
                }
            }
        }
#pragma warning disable CA1031 // Handed to every follower.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }
        lock (_gate)
        {
            _ended = true;
            _failure = failure;
            Signal();
        }
        Finished?.Invoke(this);
    }

    /// <summary>
    /// When every other follower has passed the follower's next arrival, the follower takes the stream's own lease on it
    /// (instead of the stream giving it back and the follower opening the file again) and moves on.
    /// </summary>
    private bool TakeStreamLease(Follower follower)
    {
        lock (_gate)
        {
            var index = follower.Next;
            if (_released != index || _followers.Any(f => f != follower && f.Next <= index))
            {
                return false;
            }
            _released = index + 1;
            follower.Next++;
            return true;
        }
    }

    private void Advance(Follower follower)
    {
        lock (_gate)
        {
            follower.Next++;
            ReleaseUpTo(_followers.Min(f => f.Next));
        }
    }

    /// <summary>The follower leaves; the last one closes the stream (stops it, gives every lease of its own back) and waits for it to end.</summary>
    private async Task LeaveAsync(Follower follower)
    {
        Task run;
        lock (_gate)
        {
            _followers.Remove(follower);
            if (_followers.Count > 0)
            {
                ReleaseUpTo(_followers.Min(f => f.Next));
                return;
            }
            _closed = true;
            ReleaseUpTo(_arrivals.Count);
            run = _run;
        }
        Finished?.Invoke(this);
        await _stop.CancelAsync().ConfigureAwait(false);
        await run.ConfigureAwait(false); // Never faults: failures went to the followers.
    }

    /// <summary>Gives back the stream's own leases on the arrivals before <paramref name="end"/>. Under the gate.</summary>
    private void ReleaseUpTo(int end)
    {
        for (; _released < end; _released++)
        {
            _ = ReleaseAsync(_arrivals[_released].Lease);
        }
    }

    private static async Task ReleaseAsync(Task<CachedInstance> lease)
    {
        try
        {
            (await lease.ConfigureAwait(false)).Dispose();
        }
#pragma warning disable CA1031 // A failed instance holds no lease; its failure went to the followers.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Under the gate.</summary>
    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    /// <summary>One request following the stream: the index of the next arrival it takes.</summary>
    internal sealed class Follower
    {
        public int Next { get; set; }
    }
}
