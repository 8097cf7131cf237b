namespace PacsViewer.Web.Worklist;

/// <summary>
/// Coalesces bursts of change notifications into refreshes at most once per <c>interval</c>: the first request
/// after a quiet spell refreshes at once, requests within the interval after a refresh make one more refresh when it
/// ends. Thread-safe (notifications come from any thread); <c>refresh</c> marshals to its renderer itself.
/// </summary>
public sealed class RefreshThrottle : IDisposable
{
    private readonly TimeSpan _interval;
    private readonly Func<Task> _refresh;
    private readonly Action<Exception>? _failed;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private DateTimeOffset _last = DateTimeOffset.MinValue;
    private bool _pending;
    private bool _disposed;

    /// <param name="failed">Told of a refresh that threw (the throttle carries on).</param>
    public RefreshThrottle(TimeSpan interval, Func<Task> refresh, TimeProvider time, Action<Exception>? failed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        _interval = interval;
        _refresh = refresh ?? throw new ArgumentNullException(nameof(refresh));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _failed = failed;
    }

    /// <summary>How many refreshes have started.</summary>
    public int Refreshes { get; private set; }

    /// <summary>Asks for a refresh; one is already due when this returns without effect.</summary>
    public void Request()
    {
        lock (_lock)
        {
            if (_disposed || _pending)
            {
                return;
            }
            _pending = true;
            var wait = _last == DateTimeOffset.MinValue ? TimeSpan.Zero : _last + _interval - _time.GetUtcNow();
            _timer?.Dispose();
            _timer = _time.CreateTimer(_ => Fire(), null, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _pending = false;
            _last = _time.GetUtcNow();
            Refreshes++;
        }
        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        try
        {
            await _refresh();
        }
        catch (Exception e)
        {
            _failed?.Invoke(e);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }
}
