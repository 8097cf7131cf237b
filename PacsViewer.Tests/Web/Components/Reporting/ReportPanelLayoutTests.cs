using System.Security.Claims;
using Bunit;
using PacsViewer.Web.Reporting;

namespace PacsViewer.Tests.Web.Components.Reporting;

/// <summary>The panel's collapse toggle, and nothing at all for a signed-out user.</summary>
public sealed class ReportPanelLayoutTests : ReportPanelTestBase
{
    [Fact]
    public async Task Toggle_CollapseThenExpand_HidesTheEditorThenShowsItWithTheTextKept()
    {
        await AddStudyAsync(StudyUid);
        await using var ctx = NewContext();
        var cut = RenderEditor(ctx, Study, Radiologist);
        await cut.Find("[data-testid=report-section-findings]").InputAsync(new() { Value = "Kept." });

        await cut.Find("[data-testid=report-toggle]").ClickAsync(new());
        var collapsed = cut.FindAll("[data-testid=report-editor]").Count;
        await cut.Find("[data-testid=report-toggle]").ClickAsync(new());

        Assert.Equal(0, collapsed);
        Assert.Equal("Kept.", Findings(cut));
        Assert.DoesNotContain("report-panel-collapsed", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_SignedOut_RendersNothing()
    {
        await AddStudyAsync(StudyUid);
        await using var ctx = NewContext();

        var cut = RenderPanel(ctx, Study, new ClaimsPrincipal(new ClaimsIdentity()), ReadingAccess.ReadOnly);

        Assert.Empty(cut.FindAll("[data-testid=report-panel]"));
    }
}
