using Microsoft.Extensions.Options;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Caching;

namespace PacsViewer.Tests.Core.Imaging.Caching;

/// <summary>DecodedFrameCache with frames made in the test; gated factories instead of sleeps.</summary>
public sealed class DecodedFrameCacheTests
{
    private static DecodedFrameCache NewCache(long budgetBytes) =>
        new(Options.Create(new CacheOptions { MemoryBytes = budgetBytes }));

    private static FrameCacheKey Key(string sop, int frame = 0) => new("test", sop, frame);

    /// <summary>An 8-bit frame of <paramref name="bytes"/> pixels, filled with <paramref name="fill"/>.</summary>
    private static DecodedFrame Frame(int bytes, byte fill = 0x5A)
    {
        var frame = DecodedFrame.Allocate(new FrameInfo(1, bytes, 1, 8, 8, 7, false, 0, "MONOCHROME2"));
        frame.Pixels.Fill(fill);
        return frame;
    }

    private static bool IsDisposed(DecodedFrame frame)
    {
        try
        {
            _ = frame.Pixels.Length;
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Gets <paramref name="key"/> with a factory that makes <paramref name="frame"/>, and drops the lease.</summary>
    private static async Task PutAsync(DecodedFrameCache cache, FrameCacheKey key, DecodedFrame frame)
    {
        using var lease = await cache.GetAsync(key, _ => Task.FromResult(frame));
        Assert.Same(frame, lease.Frame);
    }

    [Fact]
    public async Task GetAsync_InsertsBeyondBudget_CachedBytesNeverExceedBudget()
    {
        using var cache = NewCache(1000);

        for (var i = 0; i < 10; i++)
        {
            await PutAsync(cache, Key($"1.2.{i}"), Frame(300));
            Assert.True(cache.CachedBytes <= 1000, $"{cache.CachedBytes} cached bytes after insert {i}");
        }

        Assert.Equal(3, cache.Count);
        Assert.Equal(900, cache.CachedBytes);
        Assert.True(cache.Contains(Key("1.2.9")));
        Assert.False(cache.Contains(Key("1.2.6")));
    }

    [Fact]
    public async Task GetAsync_CachedFrame_ReturnsItWithoutCallingFactory()
    {
        using var cache = NewCache(1000);
        var frame = Frame(100);
        await PutAsync(cache, Key("1.2.3"), frame);

        using var lease = await cache.GetAsync(Key("1.2.3"), _ => throw new InvalidOperationException("factory called on a hit"));

        Assert.Same(frame, lease.Frame);
    }

    [Fact]
    public async Task GetAsync_BudgetExceeded_EvictsLeastRecentlyUsed()
    {
        using var cache = NewCache(300);
        var a = Frame(100);
        var b = Frame(100);
        await PutAsync(cache, Key("a"), a);
        await PutAsync(cache, Key("b"), b);
        await PutAsync(cache, Key("c"), Frame(100));
        Assert.True(cache.TryGet(Key("a"), out var touched)); // a is now more recent than b
        touched.Dispose();

        await PutAsync(cache, Key("d"), Frame(100));

        Assert.False(cache.Contains(Key("b")));
        Assert.True(cache.Contains(Key("a")));
        Assert.True(cache.Contains(Key("c")));
        Assert.True(cache.Contains(Key("d")));
        Assert.True(IsDisposed(b), "an evicted frame nobody leases goes back to the pool");
        Assert.False(IsDisposed(a));
    }

    [Fact]
    public async Task GetAsync_FrameEvictedWhileLeased_BufferStaysValidUntilLeaseDisposed()
    {
        using var cache = NewCache(200);
        var leased = Frame(200, fill: 0x11);
        var lease = await cache.GetAsync(Key("leased"), _ => Task.FromResult(leased));

        await PutAsync(cache, Key("other"), Frame(200, fill: 0x22)); // evicts "leased"
        using var reuse = Frame(200, fill: 0x33); // a rent that would get the buffer if it had been returned

        Assert.False(cache.Contains(Key("leased")));
        Assert.False(IsDisposed(leased));
        Assert.True(lease.Frame.Pixels.IndexOfAnyExcept((byte)0x11) < 0, "leased pixels were overwritten");

        lease.Dispose();

        Assert.True(IsDisposed(leased));
        Assert.Throws<ObjectDisposedException>(() => lease.Frame);
    }

    [Fact]
    public async Task LeaseDispose_CalledTwice_ReleasesOnce()
    {
        using var cache = NewCache(1000);
        var frame = Frame(100);
        var first = await cache.GetAsync(Key("x"), _ => Task.FromResult(frame));
        var second = await cache.GetAsync(Key("x"), _ => Task.FromResult(Frame(100)));

        first.Dispose();
        first.Dispose();
        cache.Clear();

        Assert.False(IsDisposed(frame), "a double dispose of one lease released the other lease's reference");
        second.Dispose();
        Assert.True(IsDisposed(frame));
    }

    [Fact]
    public async Task GetAsync_ConcurrentRequestsForOneKey_ShareOneDecode()
    {
        using var cache = NewCache(1000);
        var gate = new TaskCompletionSource<DecodedFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        Task<DecodedFrame> Factory(CancellationToken _)
        {
            Interlocked.Increment(ref calls);
            return gate.Task;
        }

        // GetAsync registers the waiter before it returns, so all 16 are waiting on one decode before it finishes.
        var requests = Enumerable.Range(0, 16).Select(_ => cache.GetAsync(Key("1.2.3"), Factory).AsTask()).ToArray();
        Assert.Equal(1, cache.DecodesInFlight);
        Assert.All(requests, r => Assert.False(r.IsCompleted));
        var frame = Frame(100);
        gate.SetResult(frame);
        var leases = await Task.WhenAll(requests);

        Assert.Equal(1, calls);
        Assert.All(leases, lease => Assert.Same(frame, lease.Frame));
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
        Assert.False(IsDisposed(frame), "the cache still holds the frame");
        Assert.Equal(0, cache.DecodesInFlight);
    }

    [Fact]
    public async Task GetAsync_ManyThreadsFewSlots_LeasedFramesIntactAndNothingLeaks()
    {
        var cache = NewCache(1000);
        var created = new System.Collections.Concurrent.ConcurrentBag<DecodedFrame>();
        var failures = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 300; i++)
            {
                var id = (byte)random.Next(40);
                using var lease = await cache.GetAsync(Key(id.ToString(System.Globalization.CultureInfo.InvariantCulture)), async _ =>
                {
                    await Task.Yield();
                    var frame = Frame(100, fill: id);
                    created.Add(frame);
                    return frame;
                });
                await Task.Yield(); // let other workers evict while this lease is held
                if (lease.Frame.Pixels.IndexOfAnyExcept(id) >= 0)
                {
                    Interlocked.Increment(ref failures);
                }
                Assert.True(cache.CachedBytes <= 1000);
            }
        })));

        Assert.Equal(0, failures);
        Assert.Equal(0, cache.DecodesInFlight);
        Assert.True(cache.Count <= 10);
        cache.Dispose();
        Assert.All(created, frame => Assert.True(IsDisposed(frame), "a frame was never returned to the pool"));
    }

    [Fact]
    public async Task GetAsync_FrameLargerThanBudget_ReturnedButNotCached()
    {
        using var cache = NewCache(100);
        var big = Frame(101);
        await PutAsync(cache, Key("small"), Frame(100));

        var lease = await cache.GetAsync(Key("big"), _ => Task.FromResult(big));

        Assert.Same(big, lease.Frame);
        Assert.False(cache.Contains(Key("big")));
        Assert.True(cache.Contains(Key("small")), "an uncached frame must not evict others");
        Assert.False(IsDisposed(big));
        lease.Dispose();
        Assert.True(IsDisposed(big));
    }

    [Fact]
    public async Task GetAsync_FactoryFails_AllWaitersGetExceptionAndNextRequestDecodesAgain()
    {
        using var cache = NewCache(1000);
        var gate = new TaskCompletionSource<DecodedFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        Task<DecodedFrame> Failing(CancellationToken _)
        {
            calls++;
            return gate.Task;
        }
        var first = cache.GetAsync(Key("bad"), Failing).AsTask();
        var second = cache.GetAsync(Key("bad"), Failing).AsTask();

        gate.SetException(new PixelDataException("corrupt fragment"));

        Assert.Equal("corrupt fragment", (await Assert.ThrowsAsync<PixelDataException>(() => first)).Message);
        Assert.Equal("corrupt fragment", (await Assert.ThrowsAsync<PixelDataException>(() => second)).Message);
        Assert.Equal(1, calls);
        Assert.False(cache.Contains(Key("bad")));
        Assert.Equal(0, cache.DecodesInFlight);

        var frame = Frame(100);
        using var lease = await cache.GetAsync(Key("bad"), _ => Task.FromResult(frame));
        Assert.Same(frame, lease.Frame);
        Assert.True(cache.Contains(Key("bad")));
    }

    [Fact]
    public async Task GetAsync_FactoryThrowsSynchronously_ExceptionGoesToCaller()
    {
        using var cache = NewCache(1000);

        await Assert.ThrowsAsync<PixelDataException>(() =>
            cache.GetAsync(Key("bad"), _ => throw new PixelDataException("no pixel data")).AsTask());

        Assert.Equal(0, cache.DecodesInFlight);
    }

    [Fact]
    public async Task GetAsync_OneWaiterCancelled_OthersStillGetFrameAndDecodeContinues()
    {
        using var cache = NewCache(1000);
        var gate = new TaskCompletionSource<DecodedFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        var decodeToken = CancellationToken.None;
        Task<DecodedFrame> Factory(CancellationToken token)
        {
            decodeToken = token;
            return gate.Task;
        }
        using var cts = new CancellationTokenSource();
        var cancelled = cache.GetAsync(Key("1.2.3"), Factory, cts.Token).AsTask();
        var patient = cache.GetAsync(Key("1.2.3"), Factory).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(decodeToken.IsCancellationRequested, "the shared decode was cancelled with one waiter left");
        var frame = Frame(100);
        gate.SetResult(frame);
        using var lease = await patient;
        Assert.Same(frame, lease.Frame);
        Assert.True(cache.Contains(Key("1.2.3")));
    }

    [Fact]
    public async Task GetAsync_AllWaitersCancelled_CancelsDecodeAndNextRequestStartsAgain()
    {
        using var cache = NewCache(1000);
        var decodeToken = CancellationToken.None;
        using var cts = new CancellationTokenSource();
        var cancelled = cache.GetAsync(Key("1.2.3"), async token =>
        {
            decodeToken = token;
            await Task.Delay(Timeout.Infinite, token);
            return Frame(100);
        }, cts.Token).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.True(decodeToken.IsCancellationRequested);
        Assert.Equal(0, cache.DecodesInFlight);
        var frame = Frame(100);
        using var lease = await cache.GetAsync(Key("1.2.3"), _ => Task.FromResult(frame));
        Assert.Same(frame, lease.Frame);
    }

    [Fact]
    public async Task GetAsync_TokenAlreadyCancelled_ReturnsCanceledWithoutDecoding()
    {
        using var cache = NewCache(1000);
        var calls = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            cache.GetAsync(Key("x"), _ => { calls++; return Task.FromResult(Frame(1)); }, new CancellationToken(canceled: true)).AsTask());

        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Dispose_WithLeaseOutstanding_ReturnsOnlyUnleasedFrames()
    {
        var cache = NewCache(1000);
        var leased = Frame(100);
        var idle = Frame(100);
        var lease = await cache.GetAsync(Key("leased"), _ => Task.FromResult(leased));
        await PutAsync(cache, Key("idle"), idle);

        cache.Dispose();

        Assert.True(IsDisposed(idle));
        Assert.False(IsDisposed(leased));
        Assert.Equal(0, cache.CachedBytes);
        lease.Dispose();
        Assert.True(IsDisposed(leased));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => cache.GetAsync(Key("x"), _ => Task.FromResult(Frame(1))).AsTask());
    }

    [Fact]
    public void Constructor_NegativeBudget_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NewCache(-1));
    }
}
