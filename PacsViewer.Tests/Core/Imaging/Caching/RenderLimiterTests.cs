using Microsoft.Extensions.Options;
using PacsViewer.Core.Imaging.Caching;

namespace PacsViewer.Tests.Core.Imaging.Caching;

public sealed class RenderLimiterTests
{
    private static RenderLimiter NewLimiter(int max) =>
        new(Options.Create(new CacheOptions { MaxConcurrentRenders = max }));

    [Fact]
    public async Task RunAsync_MoreJobsThanSlots_NeverRunsMoreThanMaxAtOnce()
    {
        using var limiter = NewLimiter(2);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var maxRunning = 0;
        async Task<int> Job(CancellationToken _)
        {
            var now = Interlocked.Increment(ref running);
            int seen;
            while ((seen = Volatile.Read(ref maxRunning)) < now && Interlocked.CompareExchange(ref maxRunning, now, seen) != seen)
            {
            }
            await gate.Task;
            Interlocked.Decrement(ref running);
            return now;
        }

        var jobs = Enumerable.Range(0, 6).Select(_ => limiter.RunAsync(Job)).ToArray();

        // Jobs start synchronously when a slot is free, so the first two are running and the rest are queued.
        Assert.Equal(2, Volatile.Read(ref running));
        Assert.Equal(0, limiter.AvailableSlots);
        gate.SetResult();
        await Task.WhenAll(jobs);
        Assert.Equal(2, maxRunning);
        Assert.Equal(2, limiter.AvailableSlots);
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_ThrowsAndTakesNoSlot()
    {
        using var limiter = NewLimiter(1);
        var held = await limiter.EnterAsync();
        using var cts = new CancellationTokenSource();
        var waiting = limiter.EnterAsync(cts.Token).AsTask();
        Assert.False(waiting.IsCompleted);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        Assert.Equal(1, limiter.AvailableSlots);
    }

    [Fact]
    public async Task EnterAsync_SlotDisposedTwice_ReleasesOnce()
    {
        using var limiter = NewLimiter(2);
        var slot = await limiter.EnterAsync();
        using var other = await limiter.EnterAsync();

        slot.Dispose();
        slot.Dispose();

        Assert.Equal(1, limiter.AvailableSlots);
    }

    [Fact]
    public async Task RunAsync_WorkThrows_ReleasesSlot()
    {
        using var limiter = NewLimiter(1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => limiter.RunAsync<int>(_ => throw new InvalidOperationException("render failed")));

        Assert.Equal(1, limiter.AvailableSlots);
    }

    [Fact]
    public void Constructor_ZeroConcurrency_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NewLimiter(0));
    }
}
