using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Data;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Worklist;

/// <summary>Reading locks on each provider: the claim race, expiry, renewal and release.</summary>
public abstract class StudyLockServiceTests : AppDatabaseTestBase
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Worklist:LockIdleTimeout", "00:10:00")];

    [Fact]
    public async Task ClaimAsync_ManyRadiologistsAtOnce_ExactlyOneWinsEachStudy()
    {
        const int claimants = 12;
        const int rounds = 4;
        var locks = Get<StudyLockService>();
        for (var round = 0; round < rounds; round++)
        {
            var study = await AddStudyAsync($"1.2.826.0.1.2.{round}");
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Each claim on its own thread-pool task and its own DbContext/connection, released together.
            var claims = Enumerable.Range(0, claimants).Select(i => Task.Run(async () =>
            {
                await start.Task;
                return (User: $"reader{i}", Result: await locks.ClaimAsync(study, $"reader{i}"));
            })).ToList();
            start.SetResult();
            var results = await Task.WhenAll(claims);

            var winner = Assert.Single(results, r => r.Result.Acquired);
            Assert.All(results.Where(r => !r.Result.Acquired), r => Assert.Equal(winner.User, r.Result.HeldBy));
            await using var db = Get<PacsViewerDatabase>().CreateContext();
            var row = await db.WorklistEntries.AsNoTracking().SingleAsync(e => e.StudyInstanceUid == study.StudyInstanceUid);
            Assert.Equal(winner.User, row.LockedBy);
            Assert.Equal(ReadingStatus.InProgress, row.Status);
        }
    }

    [Fact]
    public async Task ClaimAsync_HeldByAnother_RefusedWithHolderUntilIdleTimeoutThenTakenOver()
    {
        var study = await AddStudyAsync("1.2.826.0.1.3");
        var locks = Get<StudyLockService>();

        var first = await locks.ClaimAsync(study, "radiologist");
        Clock.Advance(Idle - TimeSpan.FromSeconds(1));
        var refused = await locks.ClaimAsync(study, "radiologist2");

        Assert.True(first.Acquired);
        Assert.Equal(Clock.GetUtcNow() + TimeSpan.FromSeconds(1), first.ExpiresAt);
        Assert.False(refused.Acquired);
        Assert.Equal("radiologist", refused.HeldBy);
        Assert.Equal("radiologist", (await Get<WorklistService>().GetAsync(study))!.LockedBy);

        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null((await Get<WorklistService>().GetAsync(study))!.LockedBy);
        var taken = await locks.ClaimAsync(study, "radiologist2");
        Assert.True(taken.Acquired);
        Assert.False(await locks.RenewAsync(study, "radiologist"));
        Assert.Equal("radiologist2", (await locks.GetAsync(study)).HeldBy);
    }

    [Fact]
    public async Task RenewAsync_ActivityBeforeExpiry_KeepsTheLockPastTheFirstTimeout()
    {
        var study = await AddStudyAsync("1.2.826.0.1.4");
        var locks = Get<StudyLockService>();
        await locks.ClaimAsync(study, "radiologist");

        Clock.Advance(TimeSpan.FromMinutes(8));
        Assert.True(await locks.RenewAsync(study, "radiologist"));
        Clock.Advance(TimeSpan.FromMinutes(8));

        var other = await locks.ClaimAsync(study, "radiologist2");
        Assert.False(other.Acquired);
        Assert.Equal("radiologist", other.HeldBy);
        Assert.Equal(Clock.GetUtcNow() + TimeSpan.FromMinutes(2), other.ExpiresAt);
    }

    [Fact]
    public async Task AdminReleaseAsync_ByAdmin_FreesTheLockAndByRadiologist_Refused()
    {
        var study = await AddStudyAsync("1.2.826.0.1.5");
        var locks = Get<StudyLockService>();
        await locks.ClaimAsync(study, "radiologist");

        await Assert.ThrowsAsync<WorklistException>(() => locks.AdminReleaseAsync(study, Radiologist2));
        Assert.Equal("radiologist", (await locks.GetAsync(study)).HeldBy);

        Assert.True(await locks.AdminReleaseAsync(study, Admin));
        Assert.Null((await locks.GetAsync(study)).HeldBy);
        Assert.False(await locks.AdminReleaseAsync(study, Admin));
        Assert.True((await locks.ClaimAsync(study, "radiologist2")).Acquired);
    }

    [Fact]
    public async Task ReleaseAsync_OwnLockOnly_OthersLockUntouched()
    {
        var study = await AddStudyAsync("1.2.826.0.1.6");
        var locks = Get<StudyLockService>();
        await locks.ClaimAsync(study, "radiologist");

        Assert.False(await locks.ReleaseAsync(study, "radiologist2"));
        Assert.Equal("radiologist", (await locks.GetAsync(study)).HeldBy);
        Assert.True(await locks.ReleaseAsync(study, "radiologist"));
        Assert.Null((await locks.GetAsync(study)).HeldBy);
    }

    [Fact]
    public async Task ClaimAsync_UnknownStudy_TypedError()
    {
        var e = await Assert.ThrowsAsync<WorklistException>(() => Get<StudyLockService>().ClaimAsync(new StudyKey(Source, "9.9.9"), "radiologist"));
        Assert.Contains("9.9.9", e.Message, StringComparison.Ordinal);
    }
}
