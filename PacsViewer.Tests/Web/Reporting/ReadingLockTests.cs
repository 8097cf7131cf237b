using Microsoft.Extensions.Logging.Abstractions;
using PacsViewer.Core.Data;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Data;
using PacsViewer.Web.Reporting;

namespace PacsViewer.Tests.Web.Reporting;

/// <summary>A viewer's hold on a reading lock over the real lock service (SQLite).</summary>
public sealed class ReadingLockTests : AppDatabaseTestBase
{
    private readonly ReadingLockRegistry _registry = new();

    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private ReadingLock Hold(StudyKey study, string user) =>
        new(Get<StudyLockService>(), _registry, study, user, Clock, TimeSpan.FromHours(1), () => true, NullLogger.Instance);

    [Fact]
    public async Task DisposeAsync_OnlyViewer_ReleasesTheLock()
    {
        var study = await AddStudyAsync("1.2.826.0.7.50");
        var hold = Hold(study, "radiologist");
        var claimed = await hold.ClaimAsync(CancellationToken.None);

        await hold.DisposeAsync();

        Assert.True(claimed.Acquired);
        Assert.Null((await Get<StudyLockService>().GetAsync(study)).HeldBy);
    }

    [Fact]
    public async Task DisposeAsync_SameUserStillHasAnotherViewer_KeepsTheLockUntilTheLastLeaves()
    {
        var study = await AddStudyAsync("1.2.826.0.7.51");
        var closedTab = Hold(study, "radiologist");
        var newTab = Hold(study, "radiologist");
        await closedTab.ClaimAsync(CancellationToken.None);
        await newTab.ClaimAsync(CancellationToken.None);

        await closedTab.DisposeAsync();
        var afterFirst = (await Get<StudyLockService>().GetAsync(study)).HeldBy;
        await newTab.DisposeAsync();

        Assert.Equal("radiologist", afterFirst);
        Assert.Null((await Get<StudyLockService>().GetAsync(study)).HeldBy);
    }

    [Fact]
    public async Task ClaimAsync_HeldByAnother_NotAcquiredAndDisposeLeavesTheirLock()
    {
        var study = await AddStudyAsync("1.2.826.0.7.52");
        await Get<StudyLockService>().ClaimAsync(study, "radiologist");
        var hold = Hold(study, "radiologist2");

        var result = await hold.ClaimAsync(CancellationToken.None);
        await hold.DisposeAsync();

        Assert.Equal((false, "radiologist"), (result.Acquired, result.HeldBy));
        Assert.Equal("radiologist", (await Get<StudyLockService>().GetAsync(study)).HeldBy);
    }
}
