using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution;

namespace PacsViewer.Tests.Core.Distribution;

/// <summary>
/// <see cref="DatabaseTransferJobContext.ReportItemAsync"/> on each provider: an outcome is recorded once, except Failed
/// on a Done item, a correction that moves the job's counters back.
/// </summary>
public abstract class DatabaseTransferJobContextTests : TransferJobTestBase
{
    private async Task<(long Id, DatabaseTransferJobContext Context, IReadOnlyList<TransferJobItem> Items)> JobWithTwoItemsAsync()
    {
        var id = await EnqueueAsync(count: 0, items: [new TransferJobItem { Label = "1" }, new TransferJobItem { Label = "2" }]);
        var context = new DatabaseTransferJobContext(Get<PacsViewerDatabase>(), await JobAsync(id), Clock);
        return (id, context, await context.GetItemsAsync());
    }

    [Fact]
    public async Task ReportItemAsync_FailedAfterDone_ItemFailedWithTheReasonAndDoneCountersMovedToFailed()
    {
        var (id, context, items) = await JobWithTwoItemsAsync();
        await context.ReportItemAsync(items[0].Id, TransferItemState.Done, 300);
        await context.ReportItemAsync(items[1].Id, TransferItemState.Done, 200);
        Assert.Equal((2, 0, 500L), ((await JobAsync(id)).DoneObjects, (await JobAsync(id)).FailedObjects, (await JobAsync(id)).DoneBytes));

        await context.ReportItemAsync(items[0].Id, TransferItemState.Failed, 0, "named in the Failed SOP Instance UID List");

        var job = await JobAsync(id);
        Assert.Equal((1, 1, 200L), (job.DoneObjects, job.FailedObjects, job.DoneBytes));
        var after = await ItemsAsync(id);
        Assert.Equal((TransferItemState.Failed, "named in the Failed SOP Instance UID List", 300L), (after[0].State, after[0].Error, after[0].Bytes));
        Assert.Equal((TransferItemState.Done, null), (after[1].State, after[1].Error));
    }

    [Fact]
    public async Task ReportItemAsync_FailedTwiceAfterDone_CorrectedOnce()
    {
        var (id, context, items) = await JobWithTwoItemsAsync();
        await context.ReportItemAsync(items[0].Id, TransferItemState.Done, 300);

        await context.ReportItemAsync(items[0].Id, TransferItemState.Failed, 0, "first");
        await context.ReportItemAsync(items[0].Id, TransferItemState.Failed, 0, "second");

        var job = await JobAsync(id);
        Assert.Equal((0, 1, 0L), (job.DoneObjects, job.FailedObjects, job.DoneBytes));
        Assert.Equal("first", (await ItemsAsync(id))[0].Error);
    }

    [Theory]
    [InlineData(TransferItemState.Failed, TransferItemState.Done)]
    [InlineData(TransferItemState.Skipped, TransferItemState.Done)]
    [InlineData(TransferItemState.Skipped, TransferItemState.Failed)]
    [InlineData(TransferItemState.Done, TransferItemState.Skipped)]
    public async Task ReportItemAsync_OtherChangeOfAFinishedItem_Unchanged(TransferItemState first, TransferItemState then)
    {
        var (id, context, items) = await JobWithTwoItemsAsync();
        await context.ReportItemAsync(items[0].Id, first, first == TransferItemState.Done ? 100 : 0, first == TransferItemState.Failed ? "refused" : null);
        var before = await JobAsync(id);

        await context.ReportItemAsync(items[0].Id, then, then == TransferItemState.Done ? 100 : 0, then == TransferItemState.Failed ? "late" : null);

        var job = await JobAsync(id);
        Assert.Equal((before.DoneObjects, before.FailedObjects, before.DoneBytes), (job.DoneObjects, job.FailedObjects, job.DoneBytes));
        Assert.Equal(first, (await ItemsAsync(id))[0].State);
    }
}
