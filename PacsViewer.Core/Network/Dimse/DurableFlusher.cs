using System.Diagnostics;
using System.Threading.Channels;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// Makes complete files durable (fsync) on background tasks, so that receiving the next instance overlaps the previous
/// ones' fsyncs. Several fsyncs run at once, so that a journaling filesystem (ext4) may share one journal commit among
/// them instead of one commit each; most of the cost is the disk writing the data, which no overlap removes.
/// <see cref="CompleteAsync"/> waits for all and throws the first failure.
/// </summary>
/// <remarks>
/// A flush waits for a quiet moment (no file added for <see cref="QuietPeriod"/>, at most <see cref="MaxDelay"/> after
/// its file was added, at once after <see cref="CompleteAsync"/>): while a C-GET streams in, each fsync's journal commit
/// held up the next file's creation and rename, which the peer waits for before it sends the next instance.
/// </remarks>
internal sealed class DurableFlusher : IAsyncDisposable
{
    /// <summary>fsyncs in flight at once; a few are enough for the journal to batch them.</summary>
    public const int Workers = 4;

    /// <summary>How long no file must have been added before a flush starts.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(25);

    /// <summary>The longest a file waits for its flush to start.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<(string Path, long AddedAt)> _paths =
        Channel.CreateUnbounded<(string, long)>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
    private readonly TaskCompletionSource _completing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _worker;
    private long _lastAddedAt;

    public DurableFlusher()
    {
        _worker = Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(FlushAllAsync)));
    }

    public void Enqueue(string path)
    {
        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _lastAddedAt, now);
        _paths.Writer.TryWrite((path, now));
    }

    /// <summary>Waits until every enqueued file is on disk; an <see cref="IOException"/> when one could not be flushed.</summary>
    public Task CompleteAsync()
    {
        _paths.Writer.TryComplete();
        _completing.TrySetResult();
        return _worker;
    }

    public async ValueTask DisposeAsync()
    {
        _paths.Writer.TryComplete();
        _completing.TrySetResult();
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reported by CompleteAsync on the success path; on a failed retrieval the files do not matter.
        }
    }

    private async Task WaitForQuietAsync(long addedAt)
    {
        while (!_completing.Task.IsCompleted)
        {
            var now = Stopwatch.GetTimestamp();
            var quietFor = Stopwatch.GetElapsedTime(Volatile.Read(ref _lastAddedAt), now);
            var waited = Stopwatch.GetElapsedTime(addedAt, now);
            if (quietFor >= QuietPeriod || waited >= MaxDelay)
            {
                return;
            }
            var wait = QuietPeriod - quietFor < MaxDelay - waited ? QuietPeriod - quietFor : MaxDelay - waited;
            await Task.WhenAny(Task.Delay(wait), _completing.Task).ConfigureAwait(false);
        }
    }

    private async Task FlushAllAsync()
    {
        Exception? failure = null;
        await foreach (var (path, addedAt) in _paths.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (failure is not null)
            {
                continue;
            }
            await WaitForQuietAsync(addedAt).ConfigureAwait(false);
            try
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
#pragma warning disable CA1849 // Flush(true) is fsync, which has no async form.
                file.Flush(flushToDisk: true);
#pragma warning restore CA1849
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // The caller took the file already (an onInstance callback that read it and deleted it): nothing of
                // ours is left to make durable.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failure = e;
            }
        }
        if (failure is not null)
        {
            throw new IOException($"a received file could not be made durable: {failure.Message}", failure);
        }
    }
}
