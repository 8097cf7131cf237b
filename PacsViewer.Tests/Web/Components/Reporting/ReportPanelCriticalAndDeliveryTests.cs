using Bunit;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Reporting.Delivery;
using PacsViewer.Core.Reporting.Export;
using PacsViewer.Web.Reporting;

namespace PacsViewer.Tests.Web.Components.Reporting;

/// <summary>The critical-result record from the editor, and a Final report's delivery state as radiologists see it.</summary>
public sealed class ReportPanelCriticalAndDeliveryTests : ReportPanelTestBase
{
    /// <summary>A PACS that refuses every report, as an unreachable one would.</summary>
    private sealed class RefusingPacs : IReportDelivery
    {
        public Task DeliverAsync(ReportSnapshot report, CancellationToken cancellationToken) =>
            throw new ReportDeliveryException("C-STORE to ORTHANC@127.0.0.1:4242 failed: connection refused");
    }

    [Fact]
    public async Task RecordCritical_ToWhomAndNote_ShownOnTheReportAndStored()
    {
        await AddStudyAsync(StudyUid);
        await using var ctx = NewContext();
        var cut = RenderEditor(ctx, Study, Radiologist);

        await cut.Find("[data-testid=record-critical]").ClickAsync(new());
        await cut.Find("[data-testid=critical-to]").InputAsync(new() { Value = "Dr. Ward, ED" });
        await cut.Find("[data-testid=critical-note]").InputAsync(new() { Value = "read back" });
        await cut.Find("[data-testid=critical-dialog] [data-testid=dialog-confirm]").ClickAsync(new());

        cut.WaitForElement("[data-testid=report-critical]", Wait);
        Assert.Contains("Dr. Ward, ED", cut.Find("[data-testid=report-critical]").TextContent, StringComparison.Ordinal);
        Assert.Contains("read back", cut.Find("[data-testid=report-critical]").TextContent, StringComparison.Ordinal);
        var critical = (await StoredAsync()).Critical;
        Assert.Equal(("Dr. Ward, ED", "read back", "radiologist"), (critical!.CommunicatedTo, critical.Note, critical.RecordedBy));
        Assert.Equal("edit", cut.Find("[data-testid=report-panel]").GetAttribute("data-mode"));
    }

    [Fact]
    public async Task RecordCritical_NobodyNamed_ClearErrorNothingStored()
    {
        await AddStudyAsync(StudyUid);
        await using var ctx = NewContext();
        var cut = RenderEditor(ctx, Study, Radiologist);

        await cut.Find("[data-testid=record-critical]").ClickAsync(new());
        await cut.Find("[data-testid=critical-dialog] [data-testid=dialog-confirm]").ClickAsync(new());

        Assert.Contains("to whom", cut.Find("[data-testid=critical-error]").TextContent, StringComparison.Ordinal);
        Assert.Null((await StoredAsync()).Critical);
    }

    [Fact]
    public async Task FinalReport_DeliveryFailedOnce_ShowsRetryingWithTheLastError()
    {
        await AddStudyAsync(StudyUid);
        var reports = Get<ReportService>();
        var draft = await reports.OpenForEditingAsync(Study, Radiologist, new ReportContent("", "", "", "Finding.", "Impression."));
        await reports.SignAsync(draft.Id, draft.RowVersion, ReportStatus.Final, Password, Radiologist);
        Assert.Equal(1, await Get<ReportDeliveryQueue>().ProcessDueAsync(new RefusingPacs()));
        await using var ctx = NewContext();

        var cut = RenderPanel(ctx, Study, Radiologist, ReadingAccess.ReadOnly);

        cut.WaitForElement("[data-testid=report-delivery-state]", Wait);
        var state = cut.Find("[data-testid=report-delivery-state]").TextContent;
        Assert.StartsWith("Retrying (attempt 1, next ", state, StringComparison.Ordinal);
        Assert.EndsWith("C-STORE to ORTHANC@127.0.0.1:4242 failed: connection refused", state, StringComparison.Ordinal);
        Assert.Equal("Pending", cut.Find("[data-testid=report-delivery-row]").GetAttribute("data-delivery"));
        Assert.Contains($"api/reports/{draft.Id}/fhir?version=1", cut.Find("[data-testid=report-fhir]").GetAttribute("href"), StringComparison.Ordinal);
    }
}
