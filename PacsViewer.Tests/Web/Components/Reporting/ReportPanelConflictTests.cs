using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Reporting;
using PacsViewer.Web.Components.Reporting;
using PacsViewer.Web.Reporting;

namespace PacsViewer.Tests.Web.Components.Reporting;

/// <summary>Two editors on one draft (the radiologist's two tabs): a stale save shows both texts and overwrites nothing.</summary>
public sealed class ReportPanelConflictTests : ReportPanelTestBase
{
    private static Task SaveNowAsync(BunitContext ctx) => ctx.Services.GetService<ReadingCircuit>()!.FlushAllAsync();

    private async Task<(BunitContext A, IRenderedComponent<ReportPanel> TabA, BunitContext B, IRenderedComponent<ReportPanel> TabB)> TwoTabsInConflictAsync()
    {
        await AddStudyAsync(StudyUid);
        var a = NewContext();
        var b = NewContext();
        var tabA = RenderEditor(a, Study, Radiologist);
        var tabB = RenderEditor(b, Study, Radiologist); // both based on version 1
        await tabA.Find("[data-testid=report-section-findings]").InputAsync(new() { Value = "Text of tab A" });
        await SaveNowAsync(a);
        await tabB.Find("[data-testid=report-section-findings]").InputAsync(new() { Value = "Text of tab B" });
        await SaveNowAsync(b);
        return (a, tabA, b, tabB);
    }

    [Fact]
    public async Task Save_StaleVersion_ShowsServerTextKeepsMineAndOverwritesNothing()
    {
        var (a, _, b, tabB) = await TwoTabsInConflictAsync();
        await using var _a = a;
        await using var _b = b;

        tabB.WaitForElement("[data-testid=report-conflict]", Wait);
        Assert.Contains("Text of tab A", tabB.Find("[data-testid=report-conflict-server]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Text of tab B", Findings(tabB));
        Assert.Equal("Conflict", tabB.Find("[data-testid=report-save-state]").GetAttribute("data-state"));
        var stored = await StoredAsync();
        Assert.Equal(("Text of tab A", 2), (stored.Content.Findings, stored.RowVersion));
    }

    [Fact]
    public async Task KeepMine_AfterConflict_SavesMineOnTheServersVersion()
    {
        var (a, _, b, tabB) = await TwoTabsInConflictAsync();
        await using var _a = a;
        await using var _b = b;
        tabB.WaitForElement("[data-testid=report-conflict]", Wait);

        await tabB.Find("[data-testid=conflict-keep-mine]").ClickAsync(new());

        var stored = await StoredAsync();
        Assert.Equal(("Text of tab B", 3), (stored.Content.Findings, stored.RowVersion));
        Assert.Empty(tabB.FindAll("[data-testid=report-conflict]"));
        Assert.Equal("Saved", tabB.Find("[data-testid=report-save-state]").GetAttribute("data-state"));
    }

    [Fact]
    public async Task TakeTheirs_AfterConflict_EditorShowsServerTextAndNothingIsSaved()
    {
        var (a, _, b, tabB) = await TwoTabsInConflictAsync();
        await using var _a = a;
        await using var _b = b;
        tabB.WaitForElement("[data-testid=report-conflict]", Wait);

        await tabB.Find("[data-testid=conflict-take-theirs]").ClickAsync(new());
        await tabB.Find("[data-testid=report-section-impression]").InputAsync(new() { Value = "Impression from B" });
        await SaveNowAsync(b);

        Assert.Equal("Text of tab A", Findings(tabB));
        var stored = await StoredAsync();
        Assert.Equal(("Text of tab A", "Impression from B", 3), (stored.Content.Findings, stored.Content.Impression, stored.RowVersion));
    }
}
