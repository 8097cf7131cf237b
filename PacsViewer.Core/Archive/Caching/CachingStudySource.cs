using System.Runtime.CompilerServices;
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
public sealed partial class CachingStudySource : IStudySource
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

    /// <summary>
    /// The inner source's metadata; except when it would transfer whole instances for it
    /// (<see cref="IStagingStudySource.MetadataNeedsInstances"/>, DIMSE): then the series is retrieved into the cache
    /// (<see cref="RetrieveSeriesAsync"/>) and each header is read from the cached instance, so the frames asked for
    /// next are already here and nothing travels twice.
    /// </summary>
    public IAsyncEnumerable<DicomDataset> GetSeriesMetadataAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default) =>
        Inner is IStagingStudySource { MetadataNeedsInstances: true }
            ? CachedSeriesMetadataAsync(studyInstanceUid, seriesInstanceUid, cancellationToken)
            : Inner.GetSeriesMetadataAsync(studyInstanceUid, seriesInstanceUid, cancellationToken);

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
        Inner is IStagingStudySource staging
            ? _cache.GetStagedAsync(Id, key, token => staging.StageInstanceAsync(key, _cache.Staging, token), cancellationToken)
            : _cache.GetAsync(Id, key, token => Inner.GetInstanceAsync(key, token), cancellationToken);

    /// <summary>
    /// Brings a whole series into the cache and yields each instance as soon as its file is durable, in the order
    /// they complete, so a viewer can show the first frames before the last one arrives. The instances are listed with
    /// <see cref="IStudySource.SearchInstancesAsync"/>; instances already cached are yielded at once, and retrievals
    /// already running (a viewer asked for one frame) are joined, never repeated. When at least half the series is
    /// missing, the missing instances come from one <see cref="IStudySource.RetrieveSeriesAsync"/> of the inner source
    /// (one exchange for the whole series, instances it also sends that are cached already are dropped); otherwise
    /// each missing instance is retrieved on its own. Requests for single instances made meanwhile join these
    /// retrievals. When the inner source is an <see cref="IStagingStudySource"/> (DICOMweb, DIMSE), each instance is
    /// written from the response straight to a file of the cache, never parsed into memory and rewritten; and when the
    /// cache holds nothing of the series yet, the listing is skipped: the instances are those of the one series
    /// response, in the order they arrive, and a request for the same series made while that response streams follows
    /// it rather than asking the PACS again (see <see cref="FollowSeriesStream"/> and <see cref="SharedSeriesStream"/>).
    /// The first failure ends the enumeration with its exception. Dispose each yielded lease when done.
    /// </summary>
    public async IAsyncEnumerable<CachedInstance> RetrieveSeriesAsync(string studyInstanceUid, string seriesInstanceUid,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        if (Inner is IStagingStudySource streaming && FollowSeriesStream(streaming, studyInstanceUid, seriesInstanceUid) is var (stream, follower))
        {
            await foreach (var lease in stream.ReadAsync(follower, (key, token) => _cache.GetStagedAsync(Id, key,
                t => streaming.StageInstanceAsync(key, _cache.Staging, t), token), cancellationToken).ConfigureAwait(false))
            {
                yield return lease;
            }
            yield break;
        }
        var keys = await SeriesRetrieval.ListAsync(Inner, studyInstanceUid, seriesInstanceUid, cancellationToken).ConfigureAwait(false);
        var missing = keys.Where(k => !_cache.Contains(Id, k)).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var useFeed = missing.Count * 2 >= keys.Count && missing.Count > 0;
        Func<InstanceKey, Task<CachedInstance>> open;
        Func<Task> feedCompletion = () => Task.CompletedTask;
        if (Inner is IStagingStudySource staging)
        {
            // Each part goes from the response to a file of the cache as it arrives (no parse, no rewrite).
            var feed = useFeed
                ? new SeriesFeed<StagedInstance>(token => staging.StageSeriesAsync(studyInstanceUid, seriesInstanceUid, _cache.Staging, token),
                    (key, token) => staging.StageInstanceAsync(key, _cache.Staging, token), s => s.SopInstanceUid, s => s.Dispose(), missing, stop.Token)
                : null;
            open = key => _cache.GetStagedAsync(Id, key,
                feed is null ? token => staging.StageInstanceAsync(key, _cache.Staging, token) : token => feed.RetrieveAsync(key, token), stop.Token);
            if (feed is not null)
            {
                feedCompletion = () => feed.Completion;
            }
        }
        else
        {
            var feed = useFeed
                ? new SeriesFeed<DicomFile>(token => Inner.RetrieveSeriesAsync(studyInstanceUid, seriesInstanceUid, token),
                    Inner.GetInstanceAsync, f => f.SopInstanceUid, _ => { }, missing, stop.Token)
                : null;
            open = key => _cache.GetAsync(Id, key,
                feed is null ? token => Inner.GetInstanceAsync(key, token) : token => feed.RetrieveAsync(key, token), stop.Token);
            if (feed is not null)
            {
                feedCompletion = () => feed.Completion;
            }
        }
        var pending = keys.Select(open).ToList();
        var yielded = new HashSet<Task<CachedInstance>>();
        try
        {
            await foreach (var done in Task.WhenEach(pending).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yielded.Add(done);
                yield return await done.ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var task in pending)
            {
                if (!yielded.Contains(task))
                {
                    try
                    {
                        (await task.ConfigureAwait(false)).Dispose();
                    }
#pragma warning disable CA1031 // Stopped or failed: the consumer has its own exception or stopped on its own.
                    catch (Exception)
#pragma warning restore CA1031
                    {
                    }
                }
            }
            await feedCompletion().ConfigureAwait(false);
        }
    }

    /// <summary>The headers of the series' cached instances, without the pixel data and what follows it (as read up to it).</summary>
    private async IAsyncEnumerable<DicomDataset> CachedSeriesMetadataAsync(string studyInstanceUid, string seriesInstanceUid,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var lease in RetrieveSeriesAsync(studyInstanceUid, seriesInstanceUid, cancellationToken).ConfigureAwait(false))
        {
            DicomDataset header;
            using (lease)
            {
                // PS3.5 7.1: elements are in ascending tag order; the pixel data elements are (7FE0,0008) to (7FE0,0010).
                header = lease.File.Dataset.ToBuilder().RemoveWhere(e => e.Tag >= DicomTags.FloatPixelData).ToDataset();
            }
            yield return header;
        }
    }
}
