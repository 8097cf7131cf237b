using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Reporting;
using PacsViewer.Web.Reporting;

namespace PacsViewer.Tests.Web.Components.Reporting;

/// <summary>The editor's autosave: typed text reaches the database when the component goes away or the connection drops.</summary>
public sealed class ReportPanelAutosaveTests : ReportPanelTestBase
{
    [Fact]
    public async Task DisposeAsync_PendingTextNotYetSaved_TextIsInTheDatabase()
    {
        await AddStudyAsync(StudyUid);
        await using var ctx = NewContext();
        var cut = RenderEditor(ctx, Study, Radiologist);

        await cut.Find("[data-testid=report-section-findings]").InputAsync(new() { Value = "Right upper lobe nodule, 8 mm." });
        var before = await StoredAsync();
        await ctx.DisposeComponentsAsync();

        Assert.Equal(("", 1), (before.Content.Findings, before.RowVersion)); // not saved by a timer before disposal
        var after = await StoredAsync();
        Assert.Equal("Right upper lobe nodule, 8 mm.", after.Content.Findings);
        Assert.Equal(2, after.RowVersion);
    }

    [Fact]
    public async Task ConnectionDown_PendingText_SavedAtOnceAndShownAsSaved()
    {
        await AddStudyAsync(StudyUid);
        await using var ctx = NewContext();
        var cut = RenderEditor(ctx, Study, Radiologist);
        await cut.Find("[data-testid=report-section-impression]").InputAsync(new() { Value = "No acute findings." });
        Assert.Equal("Saving…", cut.Find("[data-testid=report-save-state]").TextContent);

        await ctx.Services.GetService<ReadingCircuit>()!.OnConnectionDownAsync(null!, CancellationToken.None);

        Assert.Equal("No acute findings.", (await StoredAsync()).Content.Impression);
        cut.WaitForAssertion(() => Assert.Equal($"Saved {Clock.GetUtcNow().ToLocalTime():HH:mm:ss}", cut.Find("[data-testid=report-save-state]").TextContent), Wait);
        Assert.Equal("2", cut.Find("[data-testid=report-panel]").GetAttribute("data-version"));
    }

    [Fact]
    public async Task InsertMeasurement_FindingsFocused_AppendsTheMeasurementText()
    {
        await AddStudyAsync(StudyUid);
        await using var ctx = NewContext();
        var cut = RenderEditor(ctx, Study, Radiologist, ["Length 23.4 mm (series 2, image 45)"]);
        await cut.Find("[data-testid=report-section-findings]").InputAsync(new() { Value = "Nodule." });

        await cut.Find("[data-testid=insert-measurement]").ClickAsync(new());

        Assert.Equal("Nodule.\nLength 23.4 mm (series 2, image 45)", Findings(cut));
    }

    [Fact]
    public async Task ChooseTemplate_CtChestTemplate_FillsTheEmptySectionsAndKeepsTypedText()
    {
        await AddStudyAsync(StudyUid);
        await Get<ReportTemplateService>().SaveTemplateAsync(0, "CT chest", "CT", "CHEST",
            new ReportContent("", "Axial CT of the chest with contrast.", "None.", "Lungs clear.", "Normal CT chest."), Admin);
        await using var ctx = NewContext();
        var cut = RenderEditor(ctx, Study, Radiologist);
        await cut.Find("[data-testid=report-section-findings]").InputAsync(new() { Value = "Typed first." });

        var option = cut.FindAll("[data-testid=report-template] option").Single(o => o.TextContent == "CT chest");
        await cut.Find("[data-testid=report-template]").ChangeAsync(new() { Value = option.GetAttribute("value") });

        Assert.Equal("Typed first.", Findings(cut));
        Assert.Equal("Axial CT of the chest with contrast.", cut.Find("[data-testid=report-section-technique]").GetAttribute("value"));
        Assert.Equal("Normal CT chest.", cut.Find("[data-testid=report-section-impression]").GetAttribute("value"));
    }
}
