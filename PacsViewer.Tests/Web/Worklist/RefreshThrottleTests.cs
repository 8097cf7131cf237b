using PacsViewer.Web.Worklist;

namespace PacsViewer.Tests.Web.Worklist;

/// <summary>The worklist's coalescing of change notifications, on a hand-moved clock with hand-fired timers.</summary>
public sealed class RefreshThrottleTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Request_FirstAfterQuiet_RefreshesAtOnce()
    {
        var time = new SteppedTime();
        var refreshes = 0;
        using var throttle = new RefreshThrottle(Second, () => { refreshes++; return Task.CompletedTask; }, time);

        throttle.Request();
        time.FireDue();

        Assert.Equal(1, refreshes);
    }

    [Fact]
    public void Request_BurstWithinTheInterval_OneMoreRefreshWhenItEnds()
    {
        var time = new SteppedTime();
        var refreshes = 0;
        using var throttle = new RefreshThrottle(Second, () => { refreshes++; return Task.CompletedTask; }, time);
        throttle.Request();
        time.FireDue();

        for (var i = 0; i < 50; i++)
        {
            throttle.Request();
            time.Advance(TimeSpan.FromMilliseconds(10));
            time.FireDue();
        }
        Assert.Equal(1, refreshes); // 0.5 s after the first refresh: still waiting
        time.Advance(TimeSpan.FromMilliseconds(500));
        time.FireDue();

        Assert.Equal(2, refreshes);
        Assert.Equal(2, throttle.Refreshes);
    }

    [Fact]
    public void Request_AfterDispose_NeverRefreshes()
    {
        var time = new SteppedTime();
        var refreshes = 0;
        var throttle = new RefreshThrottle(Second, () => { refreshes++; return Task.CompletedTask; }, time);
        throttle.Request();
        throttle.Dispose();

        throttle.Request();
        time.Advance(Second);
        time.FireDue();

        Assert.Equal(0, refreshes);
    }

    [Fact]
    public void Request_RefreshThrows_ReportedAndTheNextStillRuns()
    {
        var time = new SteppedTime();
        var calls = 0;
        var failures = new List<Exception>();
        using var throttle = new RefreshThrottle(Second, () => ++calls == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask,
            time, failures.Add);

        throttle.Request();
        time.FireDue();
        time.Advance(Second);
        throttle.Request();
        time.FireDue();

        Assert.Equal(2, calls);
        Assert.Equal("boom", Assert.Single(failures).Message);
    }

    /// <summary>A clock moved by hand whose one-shot timers fire only when <see cref="FireDue"/> is called.</summary>
    private sealed class SteppedTime : TimeProvider
    {
        private readonly List<StepTimer> _timers = [];
        private DateTimeOffset _now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;

        public void FireDue()
        {
            foreach (var timer in _timers.Where(t => !t.Disposed && t.Due <= _now).ToList())
            {
                timer.Disposed = true;
                timer.Callback(timer.State);
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new StepTimer(callback, state, _now + dueTime);
            _timers.Add(timer);
            return timer;
        }

        private sealed class StepTimer(TimerCallback callback, object? state, DateTimeOffset due) : ITimer
        {
            public TimerCallback Callback { get; } = callback;

            public object? State { get; } = state;

            public DateTimeOffset Due { get; } = due;

            public bool Disposed { get; set; }

            public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException();

            public void Dispose() => Disposed = true;

            public ValueTask DisposeAsync()
            {
                Disposed = true;
                return ValueTask.CompletedTask;
            }
        }
    }
}
