namespace PacsViewer.Core.Storage;

/// <summary>What the storage screen shows: usage per modality (archive) and per source (cache), totals, disks, growth.</summary>
public sealed record StorageOverview(
    DateTimeOffset TakenAt,
    IReadOnlyList<StorageUsage> Archive,
    IReadOnlyList<StorageUsage> Cache,
    long CacheBudgetBytes,
    DiskSpace? ArchiveDisk,
    DiskSpace? CacheDisk,
    IReadOnlyList<StorageGrowth> Growth)
{
    public long ArchiveObjects => Archive.Sum(u => u.Objects);

    public long ArchiveBytes => Archive.Sum(u => u.Bytes);

    public long CacheObjects => Cache.Sum(u => u.Objects);

    public long CacheBytes => Cache.Sum(u => u.Bytes);

    /// <summary>The growth rows of one area, source and modality.</summary>
    public IEnumerable<StorageGrowth> GrowthOf(StorageUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return Growth.Where(g => g.Area == usage.Area && g.SourceName == usage.SourceName && g.Modality == usage.Modality);
    }
}
