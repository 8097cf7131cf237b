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

    [Fact]
    public async Task Renewal_IntervalPassesWhileConnected_ExtendsTheLockFromNow()
    {
        var study = await AddStudyAsync("1.2.826.0.7.53");
        var editorClock = new StepClock(Clock.GetUtcNow());
        await using var hold = new ReadingLock(Get<StudyLockService>(), _registry, study, "radiologist", editorClock, TimeSpan.FromMinutes(1),
            () => true, NullLogger.Instance);
        var renewed = new TaskCompletionSource<StudyLockResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        hold.Renewed += r => renewed.TrySetResult(r);
        var first = await hold.ClaimAsync(CancellationToken.None);

        Clock.Advance(TimeSpan.FromMinutes(10));
        editorClock.Advance(TimeSpan.FromMinutes(1));
        var result = await renewed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(first.ExpiresAt + TimeSpan.FromMinutes(10), result.ExpiresAt);
        Assert.Equal(result.ExpiresAt, (await Get<StudyLockService>().GetAsync(study)).ExpiresAt);
    }
}
