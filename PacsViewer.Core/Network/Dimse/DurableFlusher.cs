using System.Threading.Channels;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// Makes complete files durable (fsync) on background tasks, so that receiving the next instance overlaps the previous
/// ones' fsyncs. Several fsyncs run at once, so that a journaling filesystem (ext4) may share one journal commit among
/// them instead of one commit each; most of the cost is the disk writing the data, which no overlap removes.
/// <see cref="CompleteAsync"/> waits for all and throws the first failure.
/// </summary>
internal sealed class DurableFlusher : IAsyncDisposable
{
    /// <summary>fsyncs in flight at once; a few are enough for the journal to batch them.</summary>
    public const int Workers = 4;

    private readonly Channel<string> _paths = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
    private readonly Task _worker;

    public DurableFlusher()
    {
        _worker = Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(FlushAllAsync)));
    }

    public void Enqueue(string path) => _paths.Writer.TryWrite(path);

    /// <summary>Waits until every enqueued file is on disk; an <see cref="IOException"/> when one could not be flushed.</summary>
    public Task CompleteAsync()
    {
        _paths.Writer.TryComplete();
        return _worker;
    }

    public async ValueTask DisposeAsync()
    {
        _paths.Writer.TryComplete();
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reported by CompleteAsync on the success path; on a failed retrieval the files do not matter.
        }
    }

    private async Task FlushAllAsync()
    {
        Exception? failure = null;
        await foreach (var path in _paths.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (failure is not null)
            {
                continue;
            }
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
