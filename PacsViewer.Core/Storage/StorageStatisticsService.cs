using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Storage;

/// <summary>
/// The storage screen's figures: the built-in archive's objects and bytes per modality (a GROUP BY over its index, no
/// rows loaded), the retrieval cache's per source (from its in-memory index), the disks' free space, and growth over
/// 24 hours, 7 days and 30 days from the <see cref="StorageSample"/>s (sampling and thinning in
/// StorageStatisticsService.Samples.cs).
/// </summary>
public sealed partial class StorageStatisticsService(ArchiveDatabase archiveDatabase, LocalArchive archive, RetrievalCache cache,
    PacsViewerDatabase database, IOptions<StorageOptions> options, TimeProvider time)
{
    /// <summary>The growth windows the screen shows.</summary>
    public static IReadOnlyList<TimeSpan> GrowthWindows { get; } = [TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromDays(30)];

    /// <summary>The archive's objects and bytes per series modality (an empty modality for series without one).</summary>
    public async Task<IReadOnlyList<StorageUsage>> GetArchiveUsageAsync(CancellationToken cancellationToken = default)
    {
        await using var db = archiveDatabase.CreateContext();
        var rows = await db.Instances
            .GroupBy(i => i.Series!.Modality)
            .Select(g => new { Modality = g.Key, Objects = g.LongCount(), Bytes = g.Sum(i => i.FileSize) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new StorageUsage(StorageArea.Archive, archive.Id, r.Modality ?? "", r.Objects, r.Bytes))
            .OrderBy(u => u.Modality, StringComparer.Ordinal).ToList();
    }

    /// <summary>The retrieval cache's objects and bytes per source.</summary>
    public IReadOnlyList<StorageUsage> GetCacheUsage() =>
        cache.GetUsageBySource().Select(u => new StorageUsage(StorageArea.Cache, u.SourceId, "", u.Objects, u.Bytes)).ToList();

    /// <summary>Everything the storage screen shows, measured now.</summary>
    public async Task<StorageOverview> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var archiveUsage = await GetArchiveUsageAsync(cancellationToken).ConfigureAwait(false);
        var cacheUsage = GetCacheUsage();
        var growth = await GetGrowthAsync(now, archiveUsage.Concat(cacheUsage).ToList(), cancellationToken).ConfigureAwait(false);
        return new StorageOverview(now, archiveUsage, cacheUsage, cache.BudgetBytes, Disk(archive.RootPath), Disk(cache.DirectoryPath), growth);
    }

    private async Task<List<StorageGrowth>> GetGrowthAsync(DateTimeOffset now, List<StorageUsage> current, CancellationToken cancellationToken)
    {
        var growth = new List<StorageGrowth>();
        await using var db = database.CreateContext();
        foreach (var window in GrowthWindows)
        {
            var cutoff = now - window;
            var takenAt = await db.StorageSamples.Where(s => s.TakenAt <= cutoff).OrderByDescending(s => s.TakenAt).Select(s => (DateTimeOffset?)s.TakenAt)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (takenAt is { } at)
            {
                var old = await db.StorageSamples.AsNoTracking().Where(s => s.TakenAt == at).ToListAsync(cancellationToken).ConfigureAwait(false);
                var oldByKey = old.GroupBy(s => (s.Area, s.SourceName, s.Modality)).ToDictionary(g => g.Key, g => (Objects: g.Sum(s => s.Objects), Bytes: g.Sum(s => s.Bytes)));
                var keys = current.Select(u => (u.Area, u.SourceName, u.Modality)).Union(oldByKey.Keys);
                foreach (var key in keys)
                {
                    var now1 = current.FirstOrDefault(u => (u.Area, u.SourceName, u.Modality) == key);
                    oldByKey.TryGetValue(key, out var before);
                    growth.Add(new StorageGrowth(key.Area, key.SourceName, key.Modality, window, (now1?.Objects ?? 0) - before.Objects,
                        (now1?.Bytes ?? 0) - before.Bytes, GrowthBasis.Samples, at));
                }
            }
            else
            {
                // No sample that old (a new install): the archive's instances received since then; the cache has no history.
                foreach (var received in await ReceivedSinceAsync(cutoff, cancellationToken).ConfigureAwait(false))
                {
                    growth.Add(new StorageGrowth(StorageArea.Archive, archive.Id, received.Modality, window, received.Objects, received.Bytes,
                        GrowthBasis.ReceivedDates, cutoff));
                }
            }
        }
        return growth;
    }

    /// <summary>The archive's objects and bytes received at or after <paramref name="since"/>, per series modality.</summary>
    public async Task<IReadOnlyList<StorageUsage>> ReceivedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var db = archiveDatabase.CreateContext();
        List<ModalityTotals> rows;
        if (archiveDatabase.Provider == DatabaseProvider.Sqlite)
        {
            // SQLite keeps DateTimeOffset as text ("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz") and EF cannot compare it in SQL; the
            // archive writes UTC times, so the text compares in time order.
            var text = since.ToUniversalTime().ToString("yyyy'-'MM'-'dd HH':'mm':'ss'.'FFFFFFFzzz", CultureInfo.InvariantCulture);
            rows = await db.Database.SqlQuery<ModalityTotals>($"""
                SELECT s."Modality" AS "Modality", COUNT(*) AS "Objects", COALESCE(SUM(i."FileSize"), 0) AS "Bytes"
                FROM "ArchiveInstances" AS i JOIN "ArchiveSeries" AS s ON s."Id" = i."SeriesId"
                WHERE i."ReceivedAt" >= {text}
                GROUP BY s."Modality"
                """).ToListAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            rows = await db.Instances.Where(i => i.ReceivedAt >= since)
                .GroupBy(i => i.Series!.Modality)
                .Select(g => new ModalityTotals { Modality = g.Key, Objects = g.LongCount(), Bytes = g.Sum(i => i.FileSize) })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
        return rows.Select(r => new StorageUsage(StorageArea.Archive, archive.Id, r.Modality ?? "", r.Objects, r.Bytes))
            .OrderBy(u => u.Modality, StringComparer.Ordinal).ToList();
    }

    private static DiskSpace? Disk(string path)
    {
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(path));
            return new DiskSpace(path, drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>One row of the received-since query.</summary>
    private sealed class ModalityTotals
    {
        public string? Modality { get; set; }

        public long Objects { get; set; }

        public long Bytes { get; set; }
    }
}
