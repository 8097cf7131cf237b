using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Caching;

/// <summary>
/// A remote study source (DICOMweb, DIMSE) behind the <see cref="RetrievalCache"/>: instances are retrieved once
/// and then read from disk. Searches, metadata and stores go straight to the inner source (nothing of them is
/// cached: they are small, and a worklist must see new studies at once). <see cref="Id"/> is the inner source's, so
/// decoded frames are keyed the same with or without the cache.
/// </summary>
public sealed class CachingStudySource : IStudySource
{
    private readonly RetrievalCache _cache;

    public CachingStudySource(IStudySource inner, RetrievalCache cache)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(cache);
        Inner = inner;
        _cache = cache;
    }

    /// <summary>The source instances are retrieved from.</summary>
    public IStudySource Inner { get; }

    public string Id => Inner.Id;

    public IAsyncEnumerable<DicomDataset> SearchStudiesAsync(StudyQuery query, CancellationToken cancellationToken = default) =>
        Inner.SearchStudiesAsync(query, cancellationToken);

    public IAsyncEnumerable<DicomDataset> SearchSeriesAsync(string studyInstanceUid, CancellationToken cancellationToken = default) =>
        Inner.SearchSeriesAsync(studyInstanceUid, cancellationToken);

    public IAsyncEnumerable<DicomDataset> SearchInstancesAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default) =>
        Inner.SearchInstancesAsync(studyInstanceUid, seriesInstanceUid, cancellationToken);

    public IAsyncEnumerable<DicomDataset> GetSeriesMetadataAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default) =>
        Inner.GetSeriesMetadataAsync(studyInstanceUid, seriesInstanceUid, cancellationToken);

    public Task StoreAsync(DicomFile file, CancellationToken cancellationToken = default) =>
        Inner.StoreAsync(file, cancellationToken);

    /// <summary>
    /// The cached file, retrieved first when needed. No lease is kept: its deferred values (pixel data) are read from
    /// the cached file, which the cache may delete once it is least recently used and over budget. Code that reads
    /// pixel data should use <see cref="OpenInstanceAsync"/> and hold the lease while reading.
    /// </summary>
    public async Task<DicomFile> GetInstanceAsync(InstanceKey key, CancellationToken cancellationToken = default)
    {
        using var instance = await OpenInstanceAsync(key, cancellationToken).ConfigureAwait(false);
        return instance.File;
    }

    /// <summary>
    /// A lease on the cached instance, retrieved first when needed (joining a retrieval already running for it, also
    /// one started by <see cref="RetrieveSeriesAsync"/>). Dispose it when done reading.
    /// </summary>
    public Task<CachedInstance> OpenInstanceAsync(InstanceKey key, CancellationToken cancellationToken = default) =>
        _cache.GetAsync(Id, key, token => Inner.GetInstanceAsync(key, token), cancellationToken);

    /// <summary>
    /// Brings a whole series into the cache and yields each instance as soon as its file is durable, in the order
    /// they complete, so a viewer can show the first frames before the last one arrives. The instances are listed with
    /// <see cref="IStudySource.SearchInstancesAsync"/>, then retrieved <see cref="RetrievalCache.MaxParallelRetrievals"/>
    /// at a time; instances already cached are yielded at once, and retrievals already running (a viewer asked for one
    /// frame) are joined, never repeated. The first failure ends the enumeration with its exception. Dispose each
    /// yielded lease when done with it.
    /// </summary>
    public async IAsyncEnumerable<CachedInstance> RetrieveSeriesAsync(string studyInstanceUid, string seriesInstanceUid,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        var keys = new List<InstanceKey>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var found in Inner.SearchInstancesAsync(studyInstanceUid, seriesInstanceUid, cancellationToken)
            .ConfigureAwait(false))
        {
            var sop = found.GetString(DicomTags.SOPInstanceUID)?.Trim();
            if (!string.IsNullOrEmpty(sop) && seen.Add(sop))
            {
                keys.Add(new InstanceKey(studyInstanceUid, seriesInstanceUid, sop));
            }
        }

        var parallelism = _cache.MaxParallelRetrievals;
        var channel = Channel.CreateBounded<CachedInstance>(new BoundedChannelOptions(parallelism)
        {
            SingleReader = true,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = ProduceAsync(keys, channel.Writer, parallelism, stop.Token);
        try
        {
            await foreach (var instance in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return instance;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await producer.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The consumer already has the failure from the channel, or stopped on its own.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
#pragma warning restore CA1031
            while (channel.Reader.TryRead(out var unread))
            {
                unread.Dispose();
            }
        }
    }

    private async Task ProduceAsync(List<InstanceKey> keys, ChannelWriter<CachedInstance> writer, int parallelism,
        CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(keys, options, async (key, token) =>
            {
                var instance = await OpenInstanceAsync(key, token).ConfigureAwait(false);
                try
                {
                    await writer.WriteAsync(instance, token).ConfigureAwait(false);
                }
                catch
                {
                    instance.Dispose();
                    throw;
                }
            }).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Handed to the consumer through the channel.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }
        writer.TryComplete(failure);
    }
}
