using PacsViewer.Cli.Commands;
using PacsViewer.Core.Distribution;
using PacsViewer.Tests.Core.Distribution.Send;

namespace PacsViewer.Tests.Cli;

public sealed class PrintingJobContextTests
{
    [Fact]
    public async Task ReportItemAsync_DoneThenCorrectedToFailed_CountsTheObjectOnce()
    {
        var inner = new RecordingJobContext(new TransferJob { Id = 7, Kind = TransferJobKind.Send, CreatedBy = "pacs" });
        using var output = new StringWriter();
        var context = new PrintingJobContext(inner, output);
        await context.AddItemsAsync([new TransferJobItem { Label = "CT 1" }, new TransferJobItem { Label = "CT 2" }], 20);
        var items = await context.GetItemsAsync();

        await context.ReportItemAsync(items[0].Id, TransferItemState.Done, 10);
        await context.ReportItemAsync(items[0].Id, TransferItemState.Failed, 0, "0xA700 out of resources");
        await context.ReportItemAsync(items[1].Id, TransferItemState.Done, 10);

        Assert.Equal(
            ["2 objects to send", "sent 1/2 CT 1", "FAILED CT 1 (counted sent before): 0xA700 out of resources", "sent 2/2 CT 2"],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal((1, 1), (inner.Job.DoneObjects, inner.Job.FailedObjects));
    }
}
