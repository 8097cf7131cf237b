using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace PacsViewer.Core.Archive.Caching;

/// <summary>The series retrieval of a streaming source into an empty cache: one request, no listing first.</summary>
public sealed partial class CachingStudySource
{
    /// <summary>
    /// One <see cref="IStagingStudySource.StageSeriesAsync"/> (a WADO-RS series request) without a QIDO-RS listing
    /// before it, so the first instance arrives one round trip sooner: each part, once in its temporary file, becomes a
    /// retrieval of the cache (renamed into place and opened on the thread pool while the next part arrives, made durable
    /// in the background),
    /// and the leases are yielded in the order the parts came. An instance that a request is already retrieving on its
    /// own joins that retrieval (the streamed copy is deleted); an instance sent twice is yielded once.
    /// </summary>
    private async IAsyncEnumerable<CachedInstance> StreamSeriesAsync(IStagingStudySource source, string studyInstanceUid,
        string seriesInstanceUid, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var leases = Channel.CreateUnbounded<Task<CachedInstance>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = StageIntoCacheAsync(source, studyInstanceUid, seriesInstanceUid, leases.Writer, stop.Token);
        try
        {
            await foreach (var lease in leases.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return await lease.ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false); // Never faults: failures go through the channel.
            while (leases.Reader.TryRead(out var unread))
            {
                try
                {
                    (await unread.ConfigureAwait(false)).Dispose();
                }
#pragma warning disable CA1031 // Stopped or failed: the consumer has its own exception or stopped on its own.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    private async Task StageIntoCacheAsync(IStagingStudySource source, string studyInstanceUid, string seriesInstanceUid,
        ChannelWriter<Task<CachedInstance>> leases, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var staged in source.StageSeriesAsync(studyInstanceUid, seriesInstanceUid, _cache.Staging, cancellationToken)
                .ConfigureAwait(false))
            {
                if (!seen.Add(staged.SopInstanceUid))
                {
                    staged.Dispose();
                    continue;
                }
                var key = new InstanceKey(studyInstanceUid, seriesInstanceUid, staged.SopInstanceUid);
                var lease = _cache.GetStagedAsync(Id, key, _ => Task.FromResult(staged), cancellationToken);
                // Moved into place by the cache, or not used (the instance was cached or being retrieved already): either
                // way nothing is left of the temporary file once the lease is settled.
                _ = lease.ContinueWith(static (_, s) => ((StagedInstance)s!).Dispose(), staged, CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                await leases.WriteAsync(lease, cancellationToken).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Handed to the consumer through the channel.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }
        leases.TryComplete(failure);
    }
}
