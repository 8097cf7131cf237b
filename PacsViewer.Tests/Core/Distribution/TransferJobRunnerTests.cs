using PacsViewer.Core.Audit;
using PacsViewer.Core.Distribution;

namespace PacsViewer.Tests.Core.Distribution;

/// <summary>The job runner on each provider: outcomes from the items, retries with backoff, immediate failures, audit.</summary>
public abstract class TransferJobRunnerTests : TransferJobTestBase
{
    [Fact]
    public async Task RunDueAsync_AllObjectsDone_SucceededWithCountersAndAuditedRequestAndOutcome()
    {
        var id = await EnqueueAsync(count: 3);
        var handler = new TestJobHandler();
        var queued = await JobAsync(id);
        Assert.Equal((TransferJobState.Queued, 0, Clock.GetUtcNow()), (queued.State, queued.Attempts, queued.NextAttemptAt));

        Assert.Equal(1, await NewRunner(handler).RunDueAsync());

        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.Succeeded, 3, 3, 0, 300L, 300L, 1), (job.State, job.TotalObjects, job.DoneObjects, job.FailedObjects,
            job.TotalBytes, job.DoneBytes, job.Attempts));
        Assert.Equal((Clock.GetUtcNow(), Clock.GetUtcNow(), null, null, null), (job.StartedAt, job.FinishedAt, job.LeaseOwner, job.LeaseExpiresAt, job.LastError));
        Assert.All(await ItemsAsync(id), i => Assert.Equal((TransferItemState.Done, 100L, null), (i.State, i.Bytes, i.Error)));
        var audit = await AuditAsync(id);
        Assert.Equal([(AuditActions.StudySent, AuditOutcome.Success), (AuditActions.StudySent, AuditOutcome.Success)],
            audit.Select(a => (a.Action, a.Outcome)));
        Assert.All(audit, a => Assert.Equal(("radiologist", Source, "2.25.1000", "PAT-J", "DOE^JOBS"),
            (a.UserName, a.SourceName, a.StudyInstanceUid, a.PatientId, a.PatientName)));
        Assert.Equal("Send job to ORTHANC queued", audit[0].Detail);
        Assert.Equal("Send job to ORTHANC succeeded: 3 of 3 objects", audit[1].Detail);
        Assert.Equal(0, await NewRunner(handler).RunDueAsync());
    }

    [Fact]
    public async Task RunDueAsync_SomeObjectsRefused_PartlyFailedListsTheFailedObjectsFirstWithTheirReason()
    {
        var id = await EnqueueAsync(count: 4, kind: TransferJobKind.Export);
        var handler = new TestJobHandler(TransferJobKind.Export) { FailLabels = { "2", "4" } };

        Assert.Equal(1, await NewRunner(handler).RunDueAsync());

        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.PartlyFailed, 2, 2, 200L, "2 of 4 objects failed"), (job.State, job.DoneObjects, job.FailedObjects, job.DoneBytes,
            job.LastError));
        var page = await Get<TransferJobService>().GetItemsAsync(id, Radiologist);
        Assert.Equal(4, page.Total);
        Assert.Equal([("2", TransferItemState.Failed), ("4", TransferItemState.Failed), ("1", TransferItemState.Done), ("3", TransferItemState.Done)],
            page.Items.Select(i => (i.Label!, i.State)));
        Assert.Equal(handler.FailReason, page.Items[0].Error);
        var outcome = (await AuditAsync(id))[^1];
        Assert.Equal((AuditActions.StudyExported, AuditOutcome.MinorFailure), (outcome.Action, outcome.Outcome));
        Assert.Equal("Export job partly failed: 2 done, 2 failed of 4 objects", outcome.Detail);
    }

    [Fact]
    public async Task RunDueAsync_EveryObjectRefused_Failed()
    {
        var id = await EnqueueAsync(count: 2, kind: TransferJobKind.Upload);
        var handler = new TestJobHandler(TransferJobKind.Upload) { FailLabels = { "1", "2" } };

        await NewRunner(handler).RunDueAsync();

        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.Failed, 0, 2), (job.State, job.DoneObjects, job.FailedObjects));
        var outcome = (await AuditAsync(id))[^1];
        Assert.Equal((AuditActions.ObjectsUploaded, AuditOutcome.SeriousFailure), (outcome.Action, outcome.Outcome));
    }

    [Fact]
    public async Task RunDueAsync_RunThrows_RetriedWithExponentialBackoffThenFailedAfterMaxAttemptsWithPendingObjectsFailed()
    {
        var id = await EnqueueAsync(count: 3);
        var handler = new TestJobHandler { ThrowOnRun = run => new IOException($"Connection refused by 127.0.0.1:104 (run {run})") };
        var runner = NewRunner(handler);

        Assert.Equal(1, await runner.RunDueAsync());
        var first = await JobAsync(id);
        Assert.Equal((TransferJobState.Queued, 1, Clock.GetUtcNow() + Base, "IOException: Connection refused by 127.0.0.1:104 (run 1)", null),
            (first.State, first.Attempts, first.NextAttemptAt, first.LastError, first.LeaseOwner));
        Assert.Equal(3, first.TotalObjects);

        // Not due yet.
        Clock.Advance(Base - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await runner.RunDueAsync());
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await runner.RunDueAsync());
        var second = await JobAsync(id);
        Assert.Equal((TransferJobState.Queued, 2, Clock.GetUtcNow() + 2 * Base), (second.State, second.Attempts, second.NextAttemptAt));

        Clock.Advance(2 * Base);
        Assert.Equal(1, await runner.RunDueAsync());
        var failed = await JobAsync(id);
        Assert.Equal((TransferJobState.Failed, 3, 3, 0), (failed.State, failed.Attempts, failed.FailedObjects, failed.DoneObjects));
        Assert.Equal("Failed after 3 attempts: IOException: Connection refused by 127.0.0.1:104 (run 3)", failed.LastError);
        Assert.All(await ItemsAsync(id), i => Assert.Equal((TransferItemState.Failed, "IOException: Connection refused by 127.0.0.1:104 (run 3)"),
            (i.State, i.Error)));
        Assert.Equal(3, handler.Runs);
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await runner.RunDueAsync());
        var outcome = (await AuditAsync(id))[^1];
        Assert.Equal(AuditOutcome.SeriousFailure, outcome.Outcome);
    }

    [Fact]
    public async Task RunDueAsync_FailsOnceThenRecovers_SucceedsWithoutRedoingDoneObjects()
    {
        var id = await EnqueueAsync(count: 3);
        var handler = new TestJobHandler { BlockAt = "3", ThrowOnRun = run => null };
        var runner = NewRunner(handler);
        // The first run transfers 1 and 2, then the association drops at 3.
        handler.Release.TrySetException(new IOException("Association aborted by the peer"));

        await runner.RunDueAsync();
        var retrying = await JobAsync(id);
        Assert.Equal((TransferJobState.Queued, 2, "IOException: Association aborted by the peer"), (retrying.State, retrying.DoneObjects, retrying.LastError));

        var second = new TestJobHandler();
        Clock.Advance(Base);
        Assert.Equal(1, await NewRunner(second).RunDueAsync());

        Assert.Equal(TransferJobState.Succeeded, (await JobAsync(id)).State);
        Assert.Equal(["1", "2"], handler.Processed.Select(p => p.Label));
        Assert.Equal(["3"], second.Processed.Select(p => p.Label));
        Assert.Equal((3, 2), ((await JobAsync(id)).DoneObjects, (await JobAsync(id)).Attempts));
    }

    [Fact]
    public async Task RunDueAsync_TransferJobException_FailedAtOnceWithoutRetry()
    {
        var id = await EnqueueAsync(count: 2);
        var handler = new TestJobHandler { ThrowOnRun = _ => new TransferJobException("The destination ORTHANC is not configured") };

        await NewRunner(handler).RunDueAsync();

        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.Failed, 1, "The destination ORTHANC is not configured"), (job.State, job.Attempts, job.LastError));
        Assert.All(await ItemsAsync(id), i => Assert.Equal((TransferItemState.Failed, "The destination ORTHANC is not configured"), (i.State, i.Error)));
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await NewRunner(handler).RunDueAsync());
        Assert.Equal(1, handler.Runs);
    }

    [Fact]
    public async Task RunDueAsync_NoHandlerForTheKind_FailedWithAClearReason()
    {
        var id = await EnqueueAsync(kind: TransferJobKind.Upload);

        Assert.Equal(1, await NewRunner(new TestJobHandler(TransferJobKind.Send)).RunDueAsync());

        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.Failed, "No handler is registered for Upload jobs on this server"), (job.State, job.LastError));
    }

    [Fact]
    public async Task EnqueueAsync_WithPlannedItems_SetsTotalsAndTheRunWorksThroughThem()
    {
        TransferJobItem[] items =
        [
            new() { Label = "1", StagedPath = "staged/a.dcm", Bytes = 1000 },
            new() { Label = "2", StagedPath = "staged/b.dcm", Bytes = 2500 },
        ];
        var id = await EnqueueAsync(count: 0, kind: TransferJobKind.Upload, items: items);

        var queued = await JobAsync(id);
        Assert.Equal((2, 3500L), (queued.TotalObjects, queued.TotalBytes));
        Assert.All(await ItemsAsync(id), i => Assert.Equal(TransferItemState.Pending, i.State));

        var handler = new TestJobHandler(TransferJobKind.Upload);
        await NewRunner(handler).RunDueAsync();
        Assert.Equal((TransferJobState.Succeeded, 2), ((await JobAsync(id)).State, (await JobAsync(id)).DoneObjects));
        Assert.Equal(["1", "2"], handler.Processed.Select(p => p.Label));
    }

    [Fact]
    public async Task EnqueueAsync_ItemsPlannedFailedOrSkipped_KeptWithTheirReasonsCountedFromTheStartAndOnlyPendingOnesRun()
    {
        TransferJobItem[] items =
        [
            new() { Label = "1", StagedPath = "staged/a.dcm", Bytes = 1000 },
            new() { Label = "2", State = TransferItemState.Failed, Error = "ZIP refused: not a readable ZIP" },
            new() { Label = "3", State = TransferItemState.Skipped, Error = "already stored", Bytes = 10 },
        ];
        var id = await EnqueueAsync(count: 0, kind: TransferJobKind.Upload, items: items);

        var queued = await JobAsync(id);
        Assert.Equal((TransferJobState.Queued, 3, 1, 1, 0L), (queued.State, queued.TotalObjects, queued.DoneObjects, queued.FailedObjects, queued.DoneBytes));
        Assert.Equal([("1", TransferItemState.Pending, null, null), ("2", TransferItemState.Failed, "ZIP refused: not a readable ZIP", Clock.GetUtcNow()),
                ("3", TransferItemState.Skipped, "already stored", Clock.GetUtcNow())],
            (await ItemsAsync(id)).Select(i => (i.Label!, i.State, i.Error, i.CompletedAt)));

        var handler = new TestJobHandler(TransferJobKind.Upload);
        Assert.Equal(1, await NewRunner(handler).RunDueAsync());

        Assert.Equal(["1"], handler.Processed.Select(p => p.Label));
        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.PartlyFailed, 2, 1, "1 of 3 objects failed"), (job.State, job.DoneObjects, job.FailedObjects, job.LastError));
        Assert.Equal("ZIP refused: not a readable ZIP", (await ItemsAsync(id))[1].Error);
    }

    [Fact]
    public async Task EnqueueAsync_EveryItemPlannedFailed_RunFinishesFailedWithTheReasonsIntact()
    {
        TransferJobItem[] items =
        [
            new() { Label = "bomb.zip", State = TransferItemState.Failed, Error = "ZIP refused: a ZIP bomb?" },
            new() { Label = "big.zip", State = TransferItemState.Failed, Error = "ZIP refused: it has 3 entries, more than the limit of 2" },
        ];
        var id = await EnqueueAsync(count: 0, kind: TransferJobKind.Upload, items: items);
        Assert.Equal((2, 0, 2), ((await JobAsync(id)).TotalObjects, (await JobAsync(id)).DoneObjects, (await JobAsync(id)).FailedObjects));

        var handler = new TestJobHandler(TransferJobKind.Upload);
        Assert.Equal(1, await NewRunner(handler).RunDueAsync());

        Assert.Empty(handler.Processed);
        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.Failed, 0, 2, 1, "2 of 2 objects failed"), (job.State, job.DoneObjects, job.FailedObjects, job.Attempts, job.LastError));
        Assert.Equal([("bomb.zip", "ZIP refused: a ZIP bomb?"), ("big.zip", "ZIP refused: it has 3 entries, more than the limit of 2")],
            (await ItemsAsync(id)).Select(i => (i.Label!, i.Error!)));
        Assert.Equal(AuditOutcome.SeriousFailure, (await AuditAsync(id))[^1].Outcome);
    }

    [Fact]
    public async Task RunJobAsync_RunThrowsOnce_BackInTheQueueNotRunBeforeItsBackoffThenSucceedsThroughTheWrappedContext()
    {
        var other = await EnqueueAsync(count: 1);
        var id = await EnqueueAsync(count: 3);
        var handler = new TestJobHandler { ThrowOnRun = run => run == 1 ? new IOException("Connection refused by 127.0.0.1:104") : null };
        var runner = NewRunner(handler);
        var wrapped = new List<ObservedJobContext>();
        ITransferJobContext Wrap(ITransferJobContext inner)
        {
            var counting = new ObservedJobContext(inner);
            wrapped.Add(counting);
            return counting;
        }

        Assert.True(await runner.RunJobAsync(id, Wrap));
        var first = await JobAsync(id);
        Assert.Equal((TransferJobState.Queued, 1, Clock.GetUtcNow() + Base, "IOException: Connection refused by 127.0.0.1:104", null),
            (first.State, first.Attempts, first.NextAttemptAt, first.LastError, first.LeaseOwner));

        Clock.Advance(Base - TimeSpan.FromSeconds(1));
        Assert.False(await runner.RunJobAsync(id, Wrap));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await runner.RunJobAsync(id, Wrap));

        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.Succeeded, 2, 3, null), (job.State, job.Attempts, job.DoneObjects, job.LeaseOwner));
        Assert.Equal([(id, 0), (id, 3)], wrapped.Select(c => (c.Job.Id, c.Reports)));
        Assert.Equal("Send job to ORTHANC succeeded: 3 of 3 objects", (await AuditAsync(id))[^1].Detail);
        // Only the job named ran; the other one due stays queued, and a final job is not run again.
        Assert.Equal((TransferJobState.Queued, 0), ((await JobAsync(other)).State, (await JobAsync(other)).Attempts));
        Assert.DoesNotContain(handler.RunsPerJob.Keys, k => k == other);
        Assert.False(await runner.RunJobAsync(id));
        Assert.Equal(2, handler.Runs);
    }

    [Fact]
    public async Task RunJobAsync_HeldByAnotherRunnersLiveLease_FalseAndNothingRuns()
    {
        var id = await EnqueueAsync(count: 2);
        await UpdateJobAsync(id, j =>
        {
            j.State = TransferJobState.Running;
            j.LeaseOwner = "server/1/abc";
            j.LeaseExpiresAt = Clock.GetUtcNow() + TimeSpan.FromSeconds(30);
            j.Attempts = 1;
        });
        var handler = new TestJobHandler();

        Assert.False(await NewRunner(handler).RunJobAsync(id));

        Assert.Equal(0, handler.Runs);
        Assert.Equal((TransferJobState.Running, "server/1/abc"), ((await JobAsync(id)).State, (await JobAsync(id)).LeaseOwner));
        Assert.False(await NewRunner(handler).RunJobAsync(id + 1000));
    }

    [Fact]
    public async Task RunJobAsync_CancelSignalledWhileRunning_CancelledAndAudited()
    {
        var id = await EnqueueAsync(count: 3);
        var handler = new TestJobHandler { BlockAt = "2" };
        var run = NewRunner(handler).RunJobAsync(id);
        await handler.Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Get<TransferJobSignal>().RequestCancel(id);

        Assert.True(await run.WaitAsync(TimeSpan.FromSeconds(60)));
        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.Cancelled, 1, null), (job.State, job.DoneObjects, job.LeaseOwner));
        Assert.Equal("Send job to ORTHANC cancelled: 1 of 3 objects done", (await AuditAsync(id))[^1].Detail);
    }

    [Fact]
    public async Task ReportItemAsync_SameItemReportedTwice_CountedOnce()
    {
        var id = await EnqueueAsync(count: 0, items: [new TransferJobItem { Label = "1", Bytes = 10 }]);
        var context = new DatabaseTransferJobContext(Get<PacsViewer.Core.Data.PacsViewerDatabase>(), await JobAsync(id), Clock);
        var item = Assert.Single(await context.GetItemsAsync());

        await context.ReportItemAsync(item.Id, TransferItemState.Done, 10);
        await context.ReportItemAsync(item.Id, TransferItemState.Done, 10);

        var job = await JobAsync(id);
        Assert.Equal((1, 0, 10L), (job.DoneObjects, job.FailedObjects, job.DoneBytes));
    }

    [Fact]
    public async Task ReadParameters_NotJsonOfTheRecord_TransferJobException()
    {
        var id = await EnqueueAsync();
        await UpdateJobAsync(id, j => j.ParametersJson = "{\"count\": \"many\"");
        var context = new DatabaseTransferJobContext(Get<PacsViewer.Core.Data.PacsViewerDatabase>(), await JobAsync(id), Clock);

        var e = Assert.Throws<TransferJobException>(() => context.ReadParameters<TestJobParameters>());
        Assert.StartsWith("The job's parameters are not a valid TestJobParameters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteExpiredAsync_FinishedLongAgo_DeletesJobItemsAndResultFileKeepsRecentAndActive()
    {
        var old = await EnqueueAsync(count: 2, kind: TransferJobKind.Export);
        var recent = await EnqueueAsync(count: 1, kind: TransferJobKind.Export);
        var waiting = await EnqueueAsync(count: 1);
        var handler = new TestJobHandler(TransferJobKind.Export);
        var runner = NewRunner(handler);
        var file = Path.GetTempFileName();
        await UpdateJobAsync(waiting, j => j.NextAttemptAt = Clock.GetUtcNow() + TimeSpan.FromDays(60));
        await runner.RunDueAsync();
        await UpdateJobAsync(old, j => { j.ResultPath = file; j.FinishedAt = Clock.GetUtcNow() - TimeSpan.FromDays(31); });
        await UpdateJobAsync(recent, j => j.FinishedAt = Clock.GetUtcNow() - TimeSpan.FromDays(29));

        Assert.Equal(1, await runner.DeleteExpiredAsync());

        Assert.False(File.Exists(file));
        Assert.Null(await Get<TransferJobService>().GetAsync(old, Admin));
        Assert.Empty(await ItemsAsync(old));
        Assert.NotNull(await Get<TransferJobService>().GetAsync(recent, Admin));
        Assert.Equal(TransferJobState.Queued, (await JobAsync(waiting)).State);
    }
}
