using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Tests.Core.Archive.Demo;
using PacsViewer.Web.Viewer;

namespace PacsViewer.Tests.Web.Viewer;

/// <summary>The viewer page's study model cache over a real built-in archive seeded with the demo studies.</summary>
public sealed class StudyModelCacheTests(DemoArchiveFixture demo) : IClassFixture<DemoArchiveFixture>
{
    private async Task<string> CtUidAsync()
    {
        await foreach (var study in demo.Archive.SearchStudiesAsync(new StudyQuery { PatientName = "DEMO^CT" }))
        {
            return study.GetFirstString(DicomTags.StudyInstanceUID)!;
        }
        throw new InvalidOperationException("no demo CT");
    }

    [Fact]
    public async Task GetAsync_SecondAskWithinLifetime_SameModelWithoutWaiting()
    {
        var time = new ManualTime();
        var cache = new StudyModelCache(time);
        var uid = await CtUidAsync();

        var first = await cache.GetAsync(demo.Archive, uid);
        time.Advance(StudyModelCache.Lifetime - TimeSpan.FromSeconds(1));
        var second = cache.GetAsync(demo.Archive, uid);

        Assert.True(second.IsCompletedSuccessfully, "a cached model is returned synchronously (the interactive render shows it at once)");
        Assert.Same(first, await second);
        Assert.Equal(uid, first.StudyInstanceUid);
        Assert.NotEmpty(first.Series);
    }

    [Fact]
    public async Task GetAsync_AfterLifetime_LoadsAgain()
    {
        var time = new ManualTime();
        var cache = new StudyModelCache(time);
        var uid = await CtUidAsync();

        var first = await cache.GetAsync(demo.Archive, uid);
        time.Advance(StudyModelCache.Lifetime);
        var second = await cache.GetAsync(demo.Archive, uid);

        Assert.NotSame(first, second);
        Assert.Equal(first.Series.Select(s => s.SeriesInstanceUid), second.Series.Select(s => s.SeriesInstanceUid));
    }

    [Fact]
    public async Task GetAsync_UnknownStudy_ThrowsNotFoundAndCachesNothing()
    {
        var cache = new StudyModelCache(new ManualTime());

        await Assert.ThrowsAsync<StudyObjectNotFoundException>(async () => await cache.GetAsync(demo.Archive, "2.25.999"));
        var again = cache.GetAsync(demo.Archive, "2.25.999");

        Assert.False(again.IsCompletedSuccessfully);
        await Assert.ThrowsAsync<StudyObjectNotFoundException>(async () => await again);
    }

    /// <summary>A clock the test moves.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
