namespace PacsViewer.Core.Archive.Caching;

/// <summary>
/// One series stream of the inner source (<see cref="IStudySource.RetrieveSeriesAsync"/>, or
/// <see cref="IStagingStudySource.StageSeriesAsync"/> with <typeparamref name="T"/> = <see cref="StagedInstance"/>),
/// shared by the per-instance retrievals of a <see cref="CachingStudySource.RetrieveSeriesAsync"/>: each instance's
/// retrieval waits for its object to come out of the series stream. Started by the first retrieval that needs it. When
/// the stream ends without an instance (or the series retrieval stops while another request still waits for an
/// instance), that instance is retrieved on its own, so no request is failed by a stream it did not ask to stop. A
/// failure of the stream itself goes to every instance still waiting. Objects nobody takes (unexpected, repeated, or
/// whose request was cancelled) are given to <c>drop</c> (a staged file is deleted).
/// </summary>
internal sealed class SeriesFeed<T> where T : class
{
    private readonly Func<CancellationToken, IAsyncEnumerable<T>> _stream;
    private readonly Func<InstanceKey, CancellationToken, Task<T>> _single;
    private readonly Func<T, string?> _sopInstanceUid;
    private readonly Action<T> _drop;
    private readonly CancellationToken _stop;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Slot> _pending = new(StringComparer.Ordinal);
    private Task? _run;

    /// <param name="stream">The series stream.</param>
    /// <param name="single">Retrieves one instance on its own.</param>
    /// <param name="sopInstanceUid">The SOP Instance UID of an object of the stream.</param>
    /// <param name="drop">Releases an object nobody takes.</param>
    public SeriesFeed(Func<CancellationToken, IAsyncEnumerable<T>> stream, Func<InstanceKey, CancellationToken, Task<T>> single,
        Func<T, string?> sopInstanceUid, Action<T> drop, IEnumerable<InstanceKey> expected, CancellationToken stop)
    {
        _stream = stream;
        _single = single;
        _sopInstanceUid = sopInstanceUid;
        _drop = drop;
        _stop = stop;
        foreach (var key in expected)
        {
            _pending[key.SopInstanceUid] = new Slot();
        }
    }

    /// <summary>The stream's run, once started; it never faults.</summary>
    public Task Completion
    {
        get
        {
            lock (_gate)
            {
                return _run ?? Task.CompletedTask;
            }
        }
    }

    /// <summary>The instance from the series stream, or retrieved on its own when the stream did not bring it.</summary>
    public async Task<T> RetrieveAsync(InstanceKey key, CancellationToken cancellationToken)
    {
        Slot? slot;
        lock (_gate)
        {
            if (_pending.TryGetValue(key.SopInstanceUid, out slot))
            {
                slot.Claimed = true;
            }
            _run ??= RunAsync();
        }
        if (slot is not null)
        {
            T? value;
            try
            {
                value = await slot.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                T? abandoned;
                lock (_gate)
                {
                    // Values are delivered under the lock: either it is here now, or it never will be (the slot is gone).
                    _pending.Remove(key.SopInstanceUid);
                    abandoned = slot.Value;
                    slot.Value = null;
                }
                if (abandoned is not null)
                {
                    _drop(abandoned);
                }
                throw;
            }
            lock (_gate)
            {
                _pending.Remove(key.SopInstanceUid); // Let the object go once its retrieval has it.
                slot.Value = null;
            }
            if (value is not null)
            {
                return value;
            }
        }
        return await _single(key, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await Task.Yield(); // Never run the stream on the caller's thread (it holds no lock, but keep callers short).
        Exception? failure = null;
        try
        {
            await foreach (var value in _stream(_stop).ConfigureAwait(false))
            {
                var sop = _sopInstanceUid(value);
                var taken = false;
                lock (_gate)
                {
                    if (sop is not null && _pending.TryGetValue(sop, out var slot) && slot.Value is null && !slot.Result.Task.IsCompleted)
                    {
                        slot.Value = value;
                        taken = slot.Result.TrySetResult(value); // Continuations run asynchronously: safe under the lock.
                    }
                }
                if (!taken)
                {
                    _drop(value); // Unexpected, repeated, or its request has gone.
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The series retrieval stopped: instances still wanted by other requests are retrieved on their own.
        }
#pragma warning disable CA1031 // Handed to every instance still waiting.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }
        var unclaimed = new List<T>();
        lock (_gate)
        {
            foreach (var (sop, slot) in _pending.ToList())
            {
                if (!slot.Claimed)
                {
                    // No retrieval asked for it (one was already running elsewhere): nobody will take it.
                    _pending.Remove(sop);
                    if (slot.Value is { } value)
                    {
                        unclaimed.Add(value);
                        slot.Value = null;
                    }
                }
                if (failure is null)
                {
                    slot.Result.TrySetResult(null);
                }
                else
                {
                    slot.Result.TrySetException(failure);
                }
            }
        }
        foreach (var value in unclaimed)
        {
            _drop(value);
        }
    }

    /// <summary>One expected instance. Mutable members are guarded by the feed's lock.</summary>
    private sealed class Slot
    {
        public TaskCompletionSource<T?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The delivered object until its retrieval has taken it.</summary>
        public T? Value { get; set; }

        /// <summary>A retrieval waits (or waited) for it.</summary>
        public bool Claimed { get; set; }
    }
}
