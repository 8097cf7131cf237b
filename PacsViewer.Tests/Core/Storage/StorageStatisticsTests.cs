using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;
using PacsViewer.Core.Storage;
using PacsViewer.Tests.Core.Archive.Local;

namespace PacsViewer.Tests.Core.Storage;

/// <summary>The storage screen's figures and samples over a seeded archive and cache; on each provider.</summary>
public abstract class StorageStatisticsTests : StorageTestBase
{
    private StorageStatisticsService Statistics => Get<StorageStatisticsService>();

    /// <summary>Bytes of the archive's files on disk per modality, measured on the files themselves.</summary>
    private async Task<long> DiskBytesAsync(params string[] studies)
    {
        long total = 0;
        foreach (var study in studies)
        {
            total += (await FilesOfAsync(study)).Sum(f => new FileInfo(f).Length);
        }
        return total;
    }

    private async Task CacheAsync(string source, string sop)
    {
        var key = new InstanceKey("2.25.7", "2.25.7.1", sop);
        using var lease = await Get<RetrievalCache>().GetAsync(source, key,
            _ => Task.FromResult(ArchiveTestObjects.Create(key.StudyInstanceUid, key.SeriesInstanceUid, sop)));
    }

    [Fact]
    public async Task GetOverviewAsync_SeededArchiveAndCache_ExactCountsAndBytesPerModalityAndSource()
    {
        await StoreStudyAsync("2.25.4001", "CT", instances: 3);
        await StoreStudyAsync("2.25.4002", "CT", instances: 2);
        await StoreStudyAsync("2.25.4003", "MR", instances: 4);
        await CacheAsync("pacs-a", "2.25.7.1.1");
        await CacheAsync("pacs-a", "2.25.7.1.2");
        await CacheAsync("pacs-b", "2.25.7.1.3");

        var overview = await Statistics.GetOverviewAsync();

        Assert.Equal(
            [("CT", 5L, await DiskBytesAsync("2.25.4001", "2.25.4002")), ("MR", 4L, await DiskBytesAsync("2.25.4003"))],
            overview.Archive.Select(u => (u.Modality, u.Objects, u.Bytes)));
        Assert.All(overview.Archive, u => Assert.Equal(("archive", StorageArea.Archive), (u.SourceName, u.Area)));
        Assert.Equal(9, overview.ArchiveObjects);
        var cacheFiles = Directory.GetFiles(Get<RetrievalCache>().DirectoryPath, "*.dcm");
        Assert.Equal(3, cacheFiles.Length);
        Assert.Equal([("pacs-a", 2L), ("pacs-b", 1L)], overview.Cache.Select(u => (u.SourceName, u.Objects)));
        Assert.Equal(cacheFiles.Sum(f => new FileInfo(f).Length), overview.CacheBytes);
        Assert.NotNull(overview.ArchiveDisk);
        Assert.True(overview.ArchiveDisk!.FreeBytes > 0 && overview.ArchiveDisk.FreeBytes <= overview.ArchiveDisk.TotalBytes);
        // No samples yet: the archive's growth comes from the receive times (everything arrived in the last 24 h).
        var day = overview.Growth.Where(g => g.Window == TimeSpan.FromDays(1)).OrderBy(g => g.Modality, StringComparer.Ordinal).ToList();
        Assert.Equal([("CT", 5L, GrowthBasis.ReceivedDates), ("MR", 4L, GrowthBasis.ReceivedDates)], day.Select(g => (g.Modality, g.Objects, g.Basis)));
    }

    [Fact]
    public async Task ReceivedSinceAsync_OldAndNewInstances_CountsOnlyThoseReceivedSince()
    {
        var oldBytes = await StoreStudyAsync("2.25.4101", "CT", instances: 2);
        var newBytes = await StoreStudyAsync("2.25.4102", "CT", instances: 3);
        var since = DateTimeOffset.UtcNow.AddDays(-2);
        await using (var adb = Get<ArchiveDatabase>().CreateContext())
        {
            var old = DateTimeOffset.UtcNow.AddDays(-10);
            await adb.Instances.Where(i => i.SopInstanceUid.StartsWith("2.25.4101.")).ExecuteUpdateAsync(u => u.SetProperty(i => i.ReceivedAt, old));
        }

        var received = await Statistics.ReceivedSinceAsync(since);

        var ct = Assert.Single(received);
        Assert.Equal(("CT", 3L, newBytes), (ct.Modality, ct.Objects, ct.Bytes));
        Assert.NotEqual(oldBytes + newBytes, ct.Bytes);
    }

    [Fact]
    public async Task TakeSampleAsync_ThenGrowth_RowsWrittenAndGrowthIsTheDifferenceFromTheSample()
    {
        await StoreStudyAsync("2.25.4201", "CT", instances: 2);
        await CacheAsync("pacs-a", "2.25.7.1.9");

        var rows = await Statistics.TakeSampleAsync();
        Clock.Advance(TimeSpan.FromDays(2));
        var added = await StoreStudyAsync("2.25.4202", "CT", instances: 3);
        var overview = await Statistics.GetOverviewAsync();

        Assert.Equal([(StorageArea.Archive, "archive", "CT", 2L), (StorageArea.Cache, "pacs-a", "", 1L)],
            rows.Select(r => (r.Area, r.SourceName, r.Modality, r.Objects)));
        await using (var db = Get<PacsViewerDatabase>().CreateContext())
        {
            Assert.Equal(2, await db.StorageSamples.CountAsync());
        }
        var day = overview.Growth.Single(g => g.Window == TimeSpan.FromDays(1) && g.Area == StorageArea.Archive);
        Assert.Equal((3L, added, GrowthBasis.Samples), (day.Objects, day.Bytes, day.Basis));
        var cacheDay = overview.Growth.Single(g => g.Window == TimeSpan.FromDays(1) && g.Area == StorageArea.Cache);
        Assert.Equal((0L, GrowthBasis.Samples), (cacheDay.Objects, cacheDay.Basis));
    }

    [Fact]
    public async Task ThinSamplesAsync_HourlySamplesOlderThanAWeek_KeepsTheFirstOfEachDay()
    {
        var start = Clock.GetUtcNow();
        await StoreStudyAsync("2.25.4301", "CT", instances: 1);
        // Three samples an hour apart on one day ten days ago, two on the day after, and one today.
        Clock.Advance(TimeSpan.FromDays(-10));
        var times = new List<DateTimeOffset>();
        foreach (var step in new[] { 0, 1, 1, 22, 1 })
        {
            Clock.Advance(TimeSpan.FromHours(step));
            times.Add(Clock.GetUtcNow());
            await Statistics.TakeSampleAsync();
        }
        Clock.Advance(start - Clock.GetUtcNow());

        var deleted = await Statistics.ThinSamplesAsync(Clock.GetUtcNow());

        Assert.Equal(3, deleted);
        await using var db = Get<PacsViewerDatabase>().CreateContext();
        var kept = (await db.StorageSamples.Select(s => s.TakenAt).ToListAsync()).Order().ToList();
        Assert.Equal([times[0], times[3]], kept);
    }
}
