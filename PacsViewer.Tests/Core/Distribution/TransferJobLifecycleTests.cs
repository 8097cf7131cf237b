using System.Collections.Concurrent;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Distribution;

namespace PacsViewer.Tests.Core.Distribution;

/// <summary>Cancel, retry, resume after a restart (graceful or not), and two runners on one database.</summary>
public abstract class TransferJobLifecycleTests : TransferJobTestBase
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CancelAsync_WhileRunning_CancelledAndDoneObjectsStayDone()
    {
        var id = await EnqueueAsync(count: 4);
        var handler = new TestJobHandler { BlockAt = "3" };
        var run = NewRunner(handler).RunDueAsync();
        await handler.Reached.Task.WaitAsync(Guard);
        Assert.Equal(TransferJobState.Running, (await JobAsync(id)).State);

        await Assert.ThrowsAsync<TransferJobAccessDeniedException>(() => Get<TransferJobService>().CancelAsync(id, Radiologist2));
        Assert.True(await Get<TransferJobService>().CancelAsync(id, Radiologist));
        Assert.Equal(1, await run.WaitAsync(Guard));

        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.Cancelled, 2, true, null), (job.State, job.DoneObjects, job.CancelRequested, job.LeaseOwner));
        Assert.Equal([TransferItemState.Done, TransferItemState.Done, TransferItemState.Pending, TransferItemState.Pending],
            (await ItemsAsync(id)).Select(i => i.State));
        var outcome = (await AuditAsync(id))[^1];
        Assert.Equal((AuditOutcome.MinorFailure, "Send job to ORTHANC cancelled: 2 of 4 objects done"), (outcome.Outcome, outcome.Detail));
        Assert.False(await Get<TransferJobService>().CancelAsync(id, Radiologist));
    }

    [Fact]
    public async Task Heartbeat_CancelFlaggedByAnotherServer_StopsTheRunCancelled()
    {
        var id = await EnqueueAsync(count: 3);
        var handler = new TestJobHandler { BlockAt = "2" };
        var run = NewRunner(handler).RunDueAsync();
        await handler.Reached.Task.WaitAsync(Guard);

        // Another server's user: only the row says so (no in-process signal); the heartbeat reads it.
        await UpdateJobAsync(id, j => j.CancelRequested = true);
        await run.WaitAsync(Guard);

        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.Cancelled, 1), (job.State, job.DoneObjects));
    }

    [Fact]
    public async Task CancelAsync_Queued_CancelledAtOnceAndNeverRuns()
    {
        var id = await EnqueueAsync();

        Assert.True(await Get<TransferJobService>().CancelAsync(id, Admin));

        Assert.Equal(TransferJobState.Cancelled, (await JobAsync(id)).State);
        var handler = new TestJobHandler();
        Assert.Equal(0, await NewRunner(handler).RunDueAsync());
        Assert.Equal(0, handler.Runs);
        var audit = await AuditAsync(id);
        Assert.Equal(("admin", AuditOutcome.MinorFailure), (audit[^1].UserName, audit[^1].Outcome));
    }

    [Fact]
    public async Task RetryAsync_PartlyFailed_RunsOnlyTheFailedObjectsAgain()
    {
        var id = await EnqueueAsync(count: 3);
        var first = new TestJobHandler { FailLabels = { "2" } };
        await NewRunner(first).RunDueAsync();
        Assert.Equal(TransferJobState.PartlyFailed, (await JobAsync(id)).State);
        Assert.False(await Get<TransferJobService>().RetryAsync(await EnqueueAsync(), Radiologist));

        Assert.True(await Get<TransferJobService>().RetryAsync(id, Radiologist));
        var queued = await JobAsync(id);
        Assert.Equal((TransferJobState.Queued, 0, 0, null, null), (queued.State, queued.Attempts, queued.FailedObjects, queued.LastError, queued.FinishedAt));

        var second = new TestJobHandler();
        await NewRunner(second).RunDueAsync();

        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.Succeeded, 3, 0), (job.State, job.DoneObjects, job.FailedObjects));
        Assert.Contains((id, "2"), second.Processed);
        Assert.DoesNotContain(second.Processed, p => p.JobId == id && p.Label != "2");
    }

    [Fact]
    public async Task RunDueAsync_LeaseOfACrashedServerExpired_NewServerResumesWithoutRedoingDoneObjects()
    {
        var id = await EnqueueAsync(count: 4);
        // The first server planned the job and sent two objects, then died holding the lease.
        var crashed = new TestJobHandler { BlockAt = "3" };
        var crashedRun = NewRunner(crashed).RunDueAsync();
        await crashed.Reached.Task.WaitAsync(Guard);
        var lease = (await JobAsync(id)).LeaseExpiresAt!.Value;
        await UpdateJobAsync(id, j => j.LeaseOwner = "crashed-server");
        await RestartAsync();

        var resumed = new TestJobHandler();
        Clock.Advance(lease - Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await NewRunner(resumed).RunDueAsync());
        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await NewRunner(resumed).RunDueAsync());

        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.Succeeded, 4, 2), (job.State, job.DoneObjects, job.Attempts));
        Assert.Equal(["1", "2"], crashed.Processed.Select(p => p.Label));
        Assert.Equal(["3", "4"], resumed.Processed.Select(p => p.Label));
        // The first server's run notices it lost the job and records nothing.
        crashed.Release.TrySetResult();
        await crashedRun.WaitAsync(Guard);
        Assert.Equal(TransferJobState.Succeeded, (await JobAsync(id)).State);
        Assert.Single(await AuditAsync(id), a => a.Detail!.Contains("succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopAsync_HostStopsMidJob_JobRequeuedAndTheNextHostFinishesIt()
    {
        var id = await EnqueueAsync(count: 5);
        var before = new TestJobHandler { BlockAt = "3" };
        var host = NewRunner(before);
        await host.StartAsync(CancellationToken.None);
        await before.Reached.Task.WaitAsync(Guard);

        await host.StopAsync(CancellationToken.None);
        host.Dispose();
        var stopped = await JobAsync(id);
        Assert.Equal((TransferJobState.Queued, 0, 2, null), (stopped.State, stopped.Attempts, stopped.DoneObjects, stopped.LeaseOwner));

        await RestartAsync();
        var after = new TestJobHandler();
        var next = NewRunner(after);
        await next.StartAsync(CancellationToken.None);
        try
        {
            while ((await JobAsync(id)).State is TransferJobState.Queued or TransferJobState.Running)
            {
                await Task.Delay(50);
            }
        }
        finally
        {
            await next.StopAsync(CancellationToken.None);
            next.Dispose();
        }

        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.Succeeded, 5, 1), (job.State, job.DoneObjects, job.Attempts));
        Assert.Equal(["1", "2"], before.Processed.Select(p => p.Label));
        Assert.Equal(["3", "4", "5"], after.Processed.Select(p => p.Label));
    }

    [Fact]
    public async Task RunDueAsync_TwoRunnersOnOneDatabase_EachJobRunsOnce()
    {
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await EnqueueAsync(count: 2));
        }
        var handler = new TestJobHandler();
        var a = NewRunner(handler);
        var b = NewRunner(handler);

        var counts = await Task.WhenAll(Task.Run(() => a.RunDueAsync()), Task.Run(() => b.RunDueAsync()));

        Assert.Equal(12, counts.Sum());
        Assert.All(ids, id => Assert.Equal(1, handler.RunsPerJob.GetValueOrDefault(id)));
        Assert.Equal(24, handler.Processed.Count);
        foreach (var id in ids)
        {
            var job = await JobAsync(id);
            Assert.Equal((TransferJobState.Succeeded, 1, 2), (job.State, job.Attempts, job.DoneObjects));
        }
    }

    [Fact]
    public async Task ListAsync_UserSeesOwnJobsAdminSeesAllAndFilters()
    {
        var mine = await EnqueueAsync(createdBy: "radiologist");
        var theirs = await EnqueueAsync(createdBy: "radiologist2", kind: TransferJobKind.Export);
        await Get<TransferJobService>().CancelAsync(theirs, Admin);
        var jobs = Get<TransferJobService>();

        Assert.Equal([mine], (await jobs.ListAsync(Radiologist, new TransferJobQuery { All = true })).Select(j => j.Id));
        Assert.Equal([theirs, mine], (await jobs.ListAsync(Admin, new TransferJobQuery { All = true })).Select(j => j.Id));
        Assert.Empty(await jobs.ListAsync(Admin, new TransferJobQuery()));
        Assert.Equal([theirs], (await jobs.ListAsync(Admin, new TransferJobQuery { All = true, State = TransferJobState.Cancelled })).Select(j => j.Id));
        Assert.Equal([mine], (await jobs.ListAsync(Admin, new TransferJobQuery { All = true, Kind = TransferJobKind.Send })).Select(j => j.Id));
        Assert.Null(await jobs.GetAsync(theirs, Radiologist));
        Assert.Equal(0, (await jobs.GetItemsAsync(theirs, Radiologist)).Total);
        Assert.True(await jobs.AnyActiveAsync(Radiologist, all: false));
        Assert.False(await jobs.AnyActiveAsync(Radiologist2, all: false));
    }
}
