using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;

namespace PacsViewer.Tests.Core.Archive.Caching;

/// <summary>Series retrieval through the cache: streaming, joining, failures.</summary>
public sealed class CachingStudySourceTests : IDisposable
{
    private static readonly TimeSpan HangDetector = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _directory = new("pacsviewer-cache-");
    private readonly FolderStudySource _inner = FolderStudySource.MrSeries();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task RetrieveSeriesAsync_LastInstanceHeldBack_YieldsFirstInstanceBeforeLastArrives()
    {
        using var cache = RetrievalCacheTests.CreateCache(_directory.Path, parallel: 2);
        var source = new CachingStudySource(_inner, cache);
        var keys = _inner.Keys;
        var last = keys[^1];
        var gate = _inner.Block(last);
        var first = keys[0];

        await using var series = source.RetrieveSeriesAsync(first.StudyInstanceUid, first.SeriesInstanceUid).GetAsyncEnumerator();
        Assert.True(await series.MoveNextAsync().AsTask().WaitAsync(HangDetector));
        using (series.Current)
        {
            Assert.Equal(0, _inner.Completed(last)); // The first instance is usable while the last is still on its way.
            Assert.True(cache.Contains(_inner.Id, series.Current.Key));
        }
        var received = new List<string> { series.Current.Key.SopInstanceUid };
        var rest = Task.Run(async () =>
        {
            while (await series.MoveNextAsync())
            {
                using var instance = series.Current;
                received.Add(instance.Key.SopInstanceUid);
            }
        });
        await gate.Started.WaitAsync(HangDetector);
        gate.Release();
        await rest.WaitAsync(HangDetector);

        Assert.Equal(keys.Select(k => k.SopInstanceUid).Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
        Assert.All(keys, k => Assert.Equal(1, _inner.Retrievals(k)));
        Assert.Equal(keys.Count, cache.Count);
        Assert.Equal(1, _inner.SeriesRetrievals); // One series exchange with the source, not one per instance.
    }

    [Fact]
    public async Task OpenInstanceAsync_InstanceOfSeriesBeingRetrieved_JoinsTheRunningRetrieval()
    {
        using var cache = RetrievalCacheTests.CreateCache(_directory.Path, parallel: 2);
        var source = new CachingStudySource(_inner, cache);
        var target = _inner.Keys[0];
        var gate = _inner.Block(target);

        var series = DrainAsync(source.RetrieveSeriesAsync(target.StudyInstanceUid, target.SeriesInstanceUid));
        await gate.Started.WaitAsync(HangDetector);
        var single = source.OpenInstanceAsync(target);
        gate.Release();
        using var lease = await single.WaitAsync(HangDetector);
        var count = await series.WaitAsync(HangDetector);

        Assert.Equal(1, _inner.Retrievals(target));
        Assert.Equal(_inner.Keys.Count, count);
        Assert.Equal(_inner.Keys.Count, _inner.TotalRetrievals);
    }

    [Fact]
    public async Task RetrieveSeriesAsync_SeriesMostlyCached_RetrievesOnlyTheMissingInstances()
    {
        using var cache = RetrievalCacheTests.CreateCache(_directory.Path, parallel: 3);
        var source = new CachingStudySource(_inner, cache);
        var keys = _inner.Keys;
        foreach (var key in keys.Skip(5))
        {
            (await source.OpenInstanceAsync(key)).Dispose();
        }

        var count = await DrainAsync(source.RetrieveSeriesAsync(keys[0].StudyInstanceUid, keys[0].SeriesInstanceUid));

        Assert.Equal(keys.Count, count);
        Assert.All(keys, k => Assert.Equal(1, _inner.Retrievals(k)));
        Assert.Equal(0, _inner.SeriesRetrievals); // Five instances missing: retrieved one by one.
    }

    [Fact]
    public async Task RetrieveSeriesAsync_SeriesStoppedWhileSingleRequestWaits_SingleRequestStillServed()
    {
        using var cache = RetrievalCacheTests.CreateCache(_directory.Path);
        var source = new CachingStudySource(_inner, cache);
        var target = _inner.Keys[0];
        var gate = _inner.Block(target);
        using var stopSeries = new CancellationTokenSource();

        var series = DrainAsync(source.RetrieveSeriesAsync(target.StudyInstanceUid, target.SeriesInstanceUid, stopSeries.Token));
        await gate.Started.WaitAsync(HangDetector);
        var single = source.OpenInstanceAsync(target);
        await stopSeries.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => series.WaitAsync(HangDetector));
        Assert.False(single.IsCompleted);
        gate.Release();
        using var lease = await single.WaitAsync(HangDetector);

        Assert.Equal(target.SopInstanceUid, lease.File.SopInstanceUid);
        Assert.Equal(1, _inner.Completed(target));
        Assert.Equal(2, _inner.Retrievals(target)); // The series' retrieval was stopped; the single one carried on alone.
    }

    [Fact]
    public async Task RetrieveSeriesAsync_OneInstanceFails_EndsWithStudySourceException()
    {
        using var cache = RetrievalCacheTests.CreateCache(_directory.Path, parallel: 2);
        var source = new CachingStudySource(_inner, cache);
        var keys = _inner.Keys;
        // Failing every time, not only once: when the series' stream fails before the cache (2 retrievals at once)
        // has asked for an instance, that instance is retrieved again on its own, and a one-off failure would be gone.
        _inner.FailAlways(keys[4]);

        await Assert.ThrowsAsync<StudySourceException>(() =>
            DrainAsync(source.RetrieveSeriesAsync(keys[0].StudyInstanceUid, keys[0].SeriesInstanceUid)).WaitAsync(HangDetector));

        Assert.False(cache.Contains(_inner.Id, keys[4]));
        _inner.Recover(keys[4]);
        var before = _inner.Retrievals(keys[4]);
        using var retried = await source.OpenInstanceAsync(keys[4]);
        Assert.Equal(keys[4].SopInstanceUid, retried.File.SopInstanceUid);
        Assert.Equal(before + 1, _inner.Retrievals(keys[4])); // The failure was not cached: a new retrieval.
    }

    [Fact]
    public async Task GetInstanceAsync_CachingSource_KeepsInnerIdAndPassesSearchesThrough()
    {
        using var cache = RetrievalCacheTests.CreateCache(_directory.Path);
        var source = new CachingStudySource(_inner, cache);
        var key = _inner.Keys[0];

        var found = new List<string?>();
        await foreach (var instance in source.SearchInstancesAsync(key.StudyInstanceUid, key.SeriesInstanceUid))
        {
            found.Add(instance.GetString(PacsViewer.Core.Dicom.Dictionary.DicomTags.SOPInstanceUID));
        }

        Assert.Equal(_inner.Id, source.Id);
        Assert.Equal(_inner.Keys.Select(k => k.SopInstanceUid), found);
        Assert.Equal(0, _inner.TotalRetrievals);
    }

    private static async Task<int> DrainAsync(IAsyncEnumerable<CachedInstance> instances)
    {
        var count = 0;
        await foreach (var instance in instances)
        {
            instance.Dispose();
            count++;
        }
        return count;
    }
}
