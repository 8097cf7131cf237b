using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Codecs;

namespace PacsViewer.Tests.Core.Archive.Caching;

/// <summary>The disk retrieval cache, driven through <see cref="CachingStudySource"/> over a folder of real samples.</summary>
public sealed class RetrievalCacheTests : IDisposable
{
    private static readonly TimeSpan HangDetector = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _directory = new("pacsviewer-cache-");
    private readonly FolderStudySource _inner = FolderStudySource.MrSeries();

    public void Dispose() => _directory.Dispose();

    internal static RetrievalCache CreateCache(string path, long diskBytes = 1L << 30, int parallel = 2) =>
        new(Options.Create(new RetrievalCacheOptions { Path = path, DiskBytes = diskBytes, MaxParallelRetrievals = parallel }));

    /// <summary>Size of the file the cache writes for an instance (it rewrites what it retrieves).</summary>
    private long CachedSize(InstanceKey key)
    {
        using var stream = new MemoryStream();
        DicomFileWriter.Write(stream, DicomFile.Open(_inner.PathOf(key)));
        return stream.Length;
    }

    private string[] CachedFiles() => Directory.GetFiles(_directory.Path, "*.dcm");

    [Fact]
    public async Task OpenInstanceAsync_TwentyConcurrentRequests_RetrievesOnce()
    {
        using var cache = CreateCache(_directory.Path);
        var source = new CachingStudySource(_inner, cache);
        var key = _inner.Keys[3];
        var gate = _inner.Block(key);

        var requests = Enumerable.Range(0, 20).Select(_ => source.OpenInstanceAsync(key)).ToArray();
        await gate.Started.WaitAsync(HangDetector);
        Assert.All(requests, r => Assert.False(r.IsCompleted));
        gate.Release();
        var leases = await Task.WhenAll(requests).WaitAsync(HangDetector);

        Assert.Equal(1, _inner.Retrievals(key));
        Assert.All(leases, l => Assert.Equal(key.SopInstanceUid, l.File.SopInstanceUid));
        Assert.Single(CachedFiles());
        Assert.Equal(CachedSize(key), cache.CachedBytes);
        Assert.Equal(0, cache.RetrievalsInFlight);
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    [Fact]
    public async Task GetInstanceAsync_CachedInstance_ServedFromDiskWithDeferredPixelData()
    {
        using var cache = CreateCache(_directory.Path);
        var source = new CachingStudySource(_inner, cache);
        var key = _inner.Keys[0];

        await source.GetInstanceAsync(key);
        var second = await source.GetInstanceAsync(key);

        Assert.Equal(1, _inner.Retrievals(key));
        Assert.True(Assert.IsType<DicomValueElement>(second.Dataset[DicomTags.PixelData]).Value.IsDeferred);
        var cachedPath = Assert.Single(CachedFiles());
        Assert.Matches("^[0-9a-f]{32}\\.dcm$", Path.GetFileName(cachedPath)); // Never a UID.
        Assert.True(cache.Contains(_inner.Id, key));
    }

    [Fact]
    public async Task OpenInstanceAsync_OverBudget_EvictsLeastRecentlyUsed()
    {
        var a = _inner.Keys[1];
        var b = _inner.Keys[2];
        var c = _inner.Keys[3];
        var budget = CachedSize(a) + CachedSize(b) + (CachedSize(c) / 2); // Room for two files.
        using var cache = CreateCache(_directory.Path, budget);
        var source = new CachingStudySource(_inner, cache);

        (await source.OpenInstanceAsync(a)).Dispose();
        (await source.OpenInstanceAsync(b)).Dispose();
        (await source.OpenInstanceAsync(a)).Dispose(); // a is now more recently used than b.
        (await source.OpenInstanceAsync(c)).Dispose();

        Assert.True(cache.Contains(_inner.Id, a));
        Assert.False(cache.Contains(_inner.Id, b));
        Assert.True(cache.Contains(_inner.Id, c));
        Assert.Equal(CachedSize(a) + CachedSize(c), cache.CachedBytes);
        Assert.True(cache.CachedBytes <= cache.BudgetBytes);
        Assert.Equal(2, CachedFiles().Length);
        Assert.Equal(1, _inner.Retrievals(a));

        (await source.OpenInstanceAsync(b)).Dispose();
        Assert.Equal(2, _inner.Retrievals(b)); // Evicted, so retrieved again.
    }

    [Fact]
    public async Task OpenInstanceAsync_LeasedFileOverBudget_SurvivesUntilReleased()
    {
        var a = _inner.Keys[1];
        var b = _inner.Keys[2];
        using var cache = CreateCache(_directory.Path, CachedSize(a) + 10); // Room for one file.
        var source = new CachingStudySource(_inner, cache);
        var reader = new FrameReader(DefaultCodecs.CreateDefault());

        var leaseA = await source.OpenInstanceAsync(a);
        using var leaseB = await source.OpenInstanceAsync(b);

        Assert.Equal(2, CachedFiles().Length); // Both leased: nothing may be deleted.
        Assert.Equal(CachedSize(a) + CachedSize(b), cache.CachedBytes); // The count says what is on disk.
        using (var frame = reader.ReadFrame(leaseA.File, 0)) // Deferred pixel data still readable.
        {
            using var expected = reader.ReadFrame(DicomFile.Open(_inner.PathOf(a)), 0);
            Assert.True(frame.Pixels.SequenceEqual(expected.Pixels));
        }

        leaseA.Dispose();

        Assert.False(cache.Contains(_inner.Id, a));
        Assert.True(cache.Contains(_inner.Id, b));
        Assert.Single(CachedFiles());
        Assert.Equal(CachedSize(b), cache.CachedBytes);
    }

    [Fact]
    public async Task Constructor_ExistingCacheFolder_KeepsInstancesAcrossRestart()
    {
        var a = _inner.Keys[4];
        var b = _inner.Keys[5];
        using (var first = CreateCache(_directory.Path))
        {
            var source = new CachingStudySource(_inner, first);
            (await source.OpenInstanceAsync(a)).Dispose();
            (await source.OpenInstanceAsync(b)).Dispose();
        }
        await File.WriteAllTextAsync(Path.Combine(_directory.Path, "0123456789abcdef0123456789abcdef.dcm.tmp"), "left by a crash");

        using var second = CreateCache(_directory.Path);
        var restarted = new CachingStudySource(_inner, second);
        using var lease = await restarted.OpenInstanceAsync(a);

        Assert.Equal(1, _inner.Retrievals(a));
        Assert.Equal(a.SopInstanceUid, lease.File.SopInstanceUid);
        Assert.True(second.Contains(_inner.Id, b));
        Assert.Equal(2, second.Count);
        Assert.Equal(CachedSize(a) + CachedSize(b), second.CachedBytes);
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.tmp")); // Leftovers deleted at start.
    }

    [Fact]
    public async Task FlushAsync_AfterRetrievals_EveryInstanceDurableAndListedInTheIndex()
    {
        using var cache = CreateCache(_directory.Path);
        var source = new CachingStudySource(_inner, cache);
        var keys = _inner.Keys.Take(3).ToList();
        foreach (var key in keys)
        {
            (await source.OpenInstanceAsync(key)).Dispose();
        }

        await cache.FlushAsync().WaitAsync(HangDetector);
        cache.SaveIndex();

        using var index = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(_directory.Path, "index.json")));
        var listed = index.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("sop").GetString()!).ToHashSet();
        Assert.Equal(keys.Select(k => k.SopInstanceUid).ToHashSet(), listed);
    }

    [Fact]
    public async Task Constructor_IndexFileLost_StartsEmptyAndDeletesUnknownFiles()
    {
        var a = _inner.Keys[4];
        using (var first = CreateCache(_directory.Path))
        {
            var source = new CachingStudySource(_inner, first);
            (await source.OpenInstanceAsync(a)).Dispose();
        }
        File.Delete(Path.Combine(_directory.Path, "index.json"));

        using var second = CreateCache(_directory.Path);

        Assert.Equal(0, second.Count);
        Assert.Equal(0, second.CachedBytes);
        Assert.Empty(CachedFiles());
    }

    [Fact]
    public async Task Constructor_SmallerBudgetAfterRestart_EvictsLeastRecentlyUsed()
    {
        var a = _inner.Keys[4];
        var b = _inner.Keys[5];
        using (var first = CreateCache(_directory.Path))
        {
            var source = new CachingStudySource(_inner, first);
            (await source.OpenInstanceAsync(a)).Dispose();
            (await source.OpenInstanceAsync(b)).Dispose();
        }

        using var second = CreateCache(_directory.Path, CachedSize(b) + 10);

        Assert.False(second.Contains(_inner.Id, a));
        Assert.True(second.Contains(_inner.Id, b));
        Assert.Single(CachedFiles());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenInstanceAsync_CorruptCachedFile_DiscardsAndRetrievesAgain(bool truncate)
    {
        using var cache = CreateCache(_directory.Path);
        var source = new CachingStudySource(_inner, cache);
        var key = _inner.Keys[6];
        (await source.OpenInstanceAsync(key)).Dispose();
        var cachedPath = Assert.Single(CachedFiles());
        var length = new FileInfo(cachedPath).Length;
        if (truncate)
        {
            using var stream = new FileStream(cachedPath, FileMode.Open, FileAccess.Write);
            stream.SetLength(length / 2);
        }
        else
        {
            await File.WriteAllBytesAsync(cachedPath, new byte[length]); // Same size, content gone.
        }

        using var lease = await source.OpenInstanceAsync(key);

        Assert.Equal(2, _inner.Retrievals(key));
        Assert.Equal(key.SopInstanceUid, lease.File.SopInstanceUid);
        Assert.False(File.Exists(cachedPath));
        Assert.Single(CachedFiles());
        Assert.Equal(CachedSize(key), cache.CachedBytes);
    }

    [Fact]
    public async Task OpenInstanceAsync_OneWaiterCancelled_OthersGetTheInstanceFromOneRetrieval()
    {
        using var cache = CreateCache(_directory.Path);
        var source = new CachingStudySource(_inner, cache);
        var key = _inner.Keys[7];
        var gate = _inner.Block(key);
        using var cancelled = new CancellationTokenSource();

        var leaving = source.OpenInstanceAsync(key, cancelled.Token);
        var staying = Enumerable.Range(0, 3).Select(_ => source.OpenInstanceAsync(key)).ToArray();
        await gate.Started.WaitAsync(HangDetector);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving.WaitAsync(HangDetector));
        gate.Release();
        var leases = await Task.WhenAll(staying).WaitAsync(HangDetector);

        Assert.Equal(1, _inner.Retrievals(key));
        Assert.Equal(1, _inner.Completed(key));
        Assert.All(leases, l => Assert.Equal(key.SopInstanceUid, l.File.SopInstanceUid));
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    [Fact]
    public async Task OpenInstanceAsync_EveryWaiterCancelled_StopsRetrievalAndNextRequestRetrievesAgain()
    {
        using var cache = CreateCache(_directory.Path);
        var source = new CachingStudySource(_inner, cache);
        var key = _inner.Keys[8];
        var gate = _inner.Block(key);
        using var cancelled = new CancellationTokenSource();

        var waiters = Enumerable.Range(0, 2).Select(_ => source.OpenInstanceAsync(key, cancelled.Token)).ToArray();
        await gate.Started.WaitAsync(HangDetector);
        await cancelled.CancelAsync();
        foreach (var waiter in waiters)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.WaitAsync(HangDetector));
        }

        Assert.Equal(0, cache.RetrievalsInFlight);
        gate.Release();
        using var lease = await source.OpenInstanceAsync(key).WaitAsync(HangDetector);

        Assert.Equal(2, _inner.Retrievals(key));
        Assert.Equal(1, _inner.Completed(key)); // The abandoned retrieval saw its token cancelled.
        Assert.Single(CachedFiles());
    }

    [Fact]
    public async Task OpenInstanceAsync_InnerRetrievalFails_EveryWaiterGetsItAndNextRequestRetries()
    {
        using var cache = CreateCache(_directory.Path);
        var source = new CachingStudySource(_inner, cache);
        var key = _inner.Keys[9];
        var gate = _inner.Block(key);
        _inner.FailNext(key);

        var waiters = Enumerable.Range(0, 5).Select(_ => source.OpenInstanceAsync(key)).ToArray();
        await gate.Started.WaitAsync(HangDetector);
        gate.Release();
        foreach (var waiter in waiters)
        {
            var error = await Assert.ThrowsAsync<StudySourceException>(() => waiter.WaitAsync(HangDetector));
            Assert.Equal(_inner.Id, error.SourceId);
        }

        Assert.Equal(1, _inner.Retrievals(key));
        Assert.False(cache.Contains(_inner.Id, key));
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.dcm*"));

        using var lease = await source.OpenInstanceAsync(key).WaitAsync(HangDetector);
        Assert.Equal(2, _inner.Retrievals(key));
        Assert.Equal(key.SopInstanceUid, lease.File.SopInstanceUid);
    }

    [Fact]
    public async Task GetAsync_SourceReturnsAnotherInstance_ThrowsStudySourceExceptionAndCachesNothing()
    {
        using var cache = CreateCache(_directory.Path);
        var asked = _inner.Keys[10];
        var other = _inner.Keys[11];

        var error = await Assert.ThrowsAsync<StudySourceException>(() =>
            cache.GetAsync("remote", asked, token => _inner.GetInstanceAsync(other, token)));

        Assert.Contains(asked.SopInstanceUid, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, cache.Count);
        Assert.Empty(CachedFiles());
    }

    [Fact]
    public async Task SaveIndex_InstanceLeasedBeforeItsFlush_ListedOnlyOnceDurable()
    {
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var cache = CreateCache(_directory.Path); // Disposed first: its last flushes may still wait on the events.
        cache.BeforeFlush = _ =>
        {
            held.Set();
            release.Wait(HangDetector);
        };
        var source = new CachingStudySource(_inner, cache);
        var key = _inner.Keys[6];

        using (var lease = await source.OpenInstanceAsync(key).WaitAsync(HangDetector))
        {
            Assert.Equal(key.SopInstanceUid, lease.File.SopInstanceUid); // Leased before its fsync ...
        }
        Assert.True(held.Wait(HangDetector));
        var flush = cache.FlushAsync();
        cache.SaveIndex();
        var listedBefore = ListedSops();
        var pendingBefore = flush.IsCompleted;
        release.Set();
        await flush.WaitAsync(HangDetector);
        cache.SaveIndex();

        Assert.True(cache.Contains(_inner.Id, key));
        Assert.False(pendingBefore);
        Assert.Empty(listedBefore); // ... but never named in the index until it is durable.
        Assert.Equal([key.SopInstanceUid], ListedSops());
    }

    [Fact]
    public async Task GetStagedAsync_StagedUnderAnotherIdentityThanItsDataset_ThrowsStudySourceExceptionAndCachesNothing()
    {
        using var cache = CreateCache(_directory.Path);
        var asked = _inner.Keys[7];
        var other = _inner.Keys[8];

        // A source that trusted an announced identity (a C-STORE-RQ's Affected SOP Instance UID) for another object.
        var error = await Assert.ThrowsAsync<StudySourceException>(() => cache.GetStagedAsync("remote", asked, token =>
        {
            var staged = cache.Staging.Stage(DicomFile.Open(_inner.PathOf(other), DicomReaderOptions.Default, token), token);
            var path = staged.Path!;
            var length = staged.Length;
            staged.MoveWithoutFlush(path + ".renamed");
            return Task.FromResult(new StagedInstance(path + ".renamed", length, asked.SopInstanceUid, null, DicomTransferSyntax.ExplicitVRLittleEndian.Uid));
        }).WaitAsync(HangDetector));

        Assert.Contains(other.SopInstanceUid, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, cache.Count);
        Assert.DoesNotContain(Directory.GetFiles(_directory.Path), f => Path.GetFileName(f) != "index.json");
    }

    private HashSet<string> ListedSops()
    {
        using var index = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_directory.Path, "index.json")));
        return index.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("sop").GetString()!).ToHashSet();
    }
}
