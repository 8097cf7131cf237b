namespace PacsViewer.Core.Archive;

/// <summary>
/// A study source that can write retrieved instances straight from the wire to temporary files
/// (<see cref="InstanceStaging"/>), so a cache in front of it never holds a whole object in memory and never parses
/// and rewrites it. The retrieval cache uses this when the source offers it.
/// </summary>
public interface IStagingStudySource : IStudySource
{
    /// <summary>
    /// True when <see cref="IStudySource.GetSeriesMetadataAsync"/> has to transfer whole instances (DIMSE has no
    /// metadata-only retrieval): a cache in front of the source then answers metadata from the instances it retrieves
    /// into itself, so they travel once, not once for the headers and again for the pixels.
    /// </summary>
    bool MetadataNeedsInstances { get; }

    /// <summary>One instance, written to a temporary file of <paramref name="staging"/>. The caller owns the result.</summary>
    Task<StagedInstance> StageInstanceAsync(InstanceKey key, InstanceStaging staging, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every instance of a series, each written to a temporary file of <paramref name="staging"/> and yielded as soon as
    /// it is complete, in the order the source sends them. The caller owns (moves or disposes) every yielded instance.
    /// </summary>
    IAsyncEnumerable<StagedInstance> StageSeriesAsync(string studyInstanceUid, string seriesInstanceUid, InstanceStaging staging,
        CancellationToken cancellationToken = default);
}
