using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Tests.Core.Archive.Local;

namespace PacsViewer.Tests.Core.Archive.Caching;

/// <summary>Purging the retrieval cache (all, or one source) and its usage per source.</summary>
public sealed class RetrievalCachePurgeTests : IDisposable
{
    private readonly TempDirectory _directory = new("pacsviewer-purge-");

    public void Dispose() => _directory.Dispose();

    private static InstanceKey Key(int n) => new("2.25.8", "2.25.8.1", "2.25.8.1." + n);

    private static Task<CachedInstance> LeaseAsync(RetrievalCache cache, string source, int n)
    {
        var key = Key(n);
        return cache.GetAsync(source, key, _ => Task.FromResult(ArchiveTestObjects.Create(key.StudyInstanceUid, key.SeriesInstanceUid, key.SopInstanceUid)));
    }

    private static async Task PutAsync(RetrievalCache cache, string source, int n)
    {
        using var lease = await LeaseAsync(cache, source, n);
    }

    private string[] Files() => Directory.GetFiles(_directory.Path, "*.dcm");

    [Fact]
    public async Task Purge_OneSource_RemovesItsEntriesAndFilesAndLeavesTheOther()
    {
        using (var cache = RetrievalCacheTests.CreateCache(_directory.Path))
        {
            await PutAsync(cache, "pacs-a", 1);
            await PutAsync(cache, "pacs-a", 2);
            await PutAsync(cache, "pacs-b", 3);
            var sizeB = cache.GetUsageBySource().Single(u => u.SourceId == "pacs-b").Bytes;

            var result = cache.Purge("pacs-a");

            Assert.Equal(("pacs-a", 2, 0), (result.SourceId, result.Removed, result.Leased));
            Assert.Equal([new CacheSourceUsage("pacs-b", 1, sizeB)], cache.GetUsageBySource());
            Assert.False(cache.Contains("pacs-a", Key(1)));
            Assert.True(cache.Contains("pacs-b", Key(3)));
            Assert.Single(Files());
            Assert.Equal(sizeB, cache.CachedBytes);
        }
        // The saved index names only pacs-b's entry: a restart finds it and nothing of pacs-a.
        using var reopened = RetrievalCacheTests.CreateCache(_directory.Path);
        Assert.Equal(["pacs-b"], reopened.GetUsageBySource().Select(u => u.SourceId));
    }

    [Fact]
    public async Task Purge_LeasedEntry_FileKeptUnderTheLeaseAndDeletedOnRelease()
    {
        using var cache = RetrievalCacheTests.CreateCache(_directory.Path);
        await PutAsync(cache, "pacs-a", 1);
        var lease = await LeaseAsync(cache, "pacs-a", 2);

        var result = cache.Purge();

        Assert.Equal((null, 2, 1), (result.SourceId, result.Removed, result.Leased));
        Assert.Empty(cache.GetUsageBySource());
        var left = Assert.Single(Files());
        Assert.Equal(Key(2).SopInstanceUid, lease.File.SopInstanceUid); // the reader still has its file
        Assert.True(File.Exists(left));

        lease.Dispose();

        Assert.Empty(Files());
        Assert.Equal(0, cache.CachedBytes);
    }
}
