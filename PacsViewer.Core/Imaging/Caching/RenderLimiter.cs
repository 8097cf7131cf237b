using Microsoft.Extensions.Options;

namespace PacsViewer.Core.Imaging.Caching;

/// <summary>
/// Bounds how many decode+render jobs run at once (<see cref="CacheOptions.MaxConcurrentRenders"/>), so a burst of
/// frame requests queues instead of decoding every frame in parallel and exhausting memory and CPU. Waiting is
/// asynchronous and cancellable. Thread-safe.
/// </summary>
public sealed class RenderLimiter : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public RenderLimiter(IOptions<CacheOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var max = options.Value.MaxConcurrentRenders;
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, $"{nameof(CacheOptions)}.{nameof(CacheOptions.MaxConcurrentRenders)}");
        MaxConcurrency = max;
        _slots = new SemaphoreSlim(max, max);
    }

    /// <summary>How many jobs may run at once.</summary>
    public int MaxConcurrency { get; }

    /// <summary>How many more jobs could start now without waiting.</summary>
    public int AvailableSlots => _slots.CurrentCount;

    /// <summary>Waits for a slot; dispose the result to give it back (once; more calls are ignored).</summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    /// <summary>Runs <paramref name="work"/> once a slot is free, and frees the slot when it ends.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private SemaphoreSlim? _slots = slots;

        public void Dispose() => Interlocked.Exchange(ref _slots, null)?.Release();
    }
}
