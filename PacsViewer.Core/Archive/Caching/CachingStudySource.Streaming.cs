namespace PacsViewer.Core.Archive.Caching;

/// <summary>The series retrieval of a streaming source into an empty cache: one request, no listing first, shared.</summary>
public sealed partial class CachingStudySource
{
    /// <summary>
    /// The series stream to follow: the one already running for the series (another request started it), or, when the
    /// cache holds nothing of the series yet, a new <see cref="IStagingStudySource.StageSeriesAsync"/> (a C-GET or a
    /// WADO-RS series request) without a listing before it, so the first instance arrives one round trip sooner: each
    /// part, once in its temporary file, becomes a retrieval of the cache (renamed into place and opened on the thread
    /// pool while the next part arrives, made durable in the background). An instance that a request is already
    /// retrieving on its own joins that retrieval (the streamed copy is deleted); an instance sent twice is kept once.
    /// Null when part of the series is cached already and no stream runs: the caller lists the series.
    /// </summary>
    private (SharedSeriesStream Stream, SharedSeriesStream.Follower Follower)? FollowSeriesStream(IStagingStudySource source,
        string studyInstanceUid, string seriesInstanceUid) =>
        _cache.FollowSeriesStream(Id, studyInstanceUid, seriesInstanceUid, stream => stream.Start(
            token => source.StageSeriesAsync(studyInstanceUid, seriesInstanceUid, _cache.Staging, token),
            (key, staged, token) =>
            {
                var lease = _cache.GetStagedAsync(Id, key, _ => Task.FromResult(staged), token);
                // Moved into place by the cache, or not used (the instance was cached or being retrieved already): either
                // way nothing is left of the temporary file once the lease is settled.
                _ = lease.ContinueWith(static (_, s) => ((StagedInstance)s!).Dispose(), staged, CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return lease;
            }));
}
