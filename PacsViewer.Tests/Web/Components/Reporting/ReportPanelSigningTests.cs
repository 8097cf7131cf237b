using Bunit;
using PacsViewer.Core.Reporting;
using PacsViewer.Web.Components.Reporting;
using PacsViewer.Web.Reporting;

namespace PacsViewer.Tests.Web.Components.Reporting;

/// <summary>Signing with the password, Final read-only with addenda under the original, and what a clinician sees.</summary>
public sealed class ReportPanelSigningTests : ReportPanelTestBase
{
    private static async Task SignAsync(IRenderedComponent<ReportPanel> cut, string button, string password)
    {
        await cut.Find($"[data-testid={button}]").ClickAsync(new());
        await cut.Find("[data-testid=sign-password]").InputAsync(new() { Value = password });
        await cut.Find("[data-testid=sign-dialog] [data-testid=dialog-confirm]").ClickAsync(new());
    }

    [Fact]
    public async Task SignFinal_WrongPassword_ClearErrorAndTheDraftStays()
    {
        await AddStudyAsync(StudyUid);
        await using var ctx = NewContext();
        var cut = RenderEditor(ctx, Study, Radiologist);
        await cut.Find("[data-testid=report-section-findings]").InputAsync(new() { Value = "Draft text." });

        await SignAsync(cut, "sign-final", "not-the-password");

        Assert.Contains("password for radiologist was not accepted", cut.Find("[data-testid=sign-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Draft text.", Findings(cut));
        var stored = await StoredAsync();
        Assert.Equal((ReportStatus.Draft, "Draft text."), (stored.Status, stored.Content.Findings)); // saved before signing, not signed
        Assert.Equal("edit", cut.Find("[data-testid=report-panel]").GetAttribute("data-mode"));
    }

    [Fact]
    public async Task SignPreliminary_RightPassword_PreliminaryAndStillEditable()
    {
        await AddStudyAsync(StudyUid);
        await using var ctx = NewContext();
        var cut = RenderEditor(ctx, Study, Radiologist);
        await cut.Find("[data-testid=report-section-findings]").InputAsync(new() { Value = "Prelim." });

        await SignAsync(cut, "sign-preliminary", Password);

        cut.WaitForAssertion(() => Assert.Equal("Preliminary", cut.Find("[data-testid=report-panel]").GetAttribute("data-status")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=sign-dialog]"));
        Assert.Equal("edit", cut.Find("[data-testid=report-panel]").GetAttribute("data-mode"));
        Assert.Equal("Preliminary · v3", cut.Find("[data-testid=report-status]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=sign-preliminary]"));
    }

    [Fact]
    public async Task SignFinal_RightPassword_ReadOnlyForeverThenAddendumShownUnderTheOriginal()
    {
        await AddStudyAsync(StudyUid);
        await using var ctx = NewContext();
        var cut = RenderEditor(ctx, Study, Radiologist);
        await cut.Find("[data-testid=report-section-findings]").InputAsync(new() { Value = "Original finding." });

        await SignAsync(cut, "sign-final", Password);

        cut.WaitForAssertion(() => Assert.Equal("Final", cut.Find("[data-testid=report-panel]").GetAttribute("data-status")), Wait);
        Assert.Empty(cut.FindAll("textarea[data-testid^=report-section-]"));
        Assert.Empty(cut.FindAll("[data-testid=sign-final]"));
        Assert.Contains("Original finding.", cut.Find("[data-testid=report-readonly]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Pending", cut.Find("[data-testid=report-delivery-row]").GetAttribute("data-delivery"));
        Assert.Contains($"api/reports/{(await StoredAsync()).Id}/pdf?version=1", cut.Find("[data-testid=report-pdf]").GetAttribute("href"), StringComparison.Ordinal);

        await cut.Find("[data-testid=add-addendum]").ClickAsync(new());
        await cut.Find("[data-testid=addendum-text]").InputAsync(new() { Value = "Correction: the nodule is 9 mm." });
        await cut.Find("[data-testid=addendum-password]").InputAsync(new() { Value = Password });
        await cut.Find("[data-testid=addendum-dialog] [data-testid=dialog-confirm]").ClickAsync(new());

        cut.WaitForElement("[data-testid=report-addendum]", Wait);
        var readOnly = cut.Find("[data-testid=report-readonly]").TextContent;
        Assert.True(readOnly.IndexOf("Original finding.", StringComparison.Ordinal) < readOnly.IndexOf("Correction: the nodule is 9 mm.", StringComparison.Ordinal));
        Assert.Contains("Addendum", cut.Find("[data-testid=report-addendum]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Amended · v3", cut.Find("[data-testid=report-status]").TextContent.Trim());
        Assert.Equal(2, cut.FindAll("[data-testid=report-delivery-row]").Count);
        var stored = await StoredAsync();
        Assert.Equal(("Original finding.", ReportStatus.Final), (stored.Content.Findings, stored.Status));
        Assert.Equal("Correction: the nodule is 9 mm.", Assert.Single(stored.Addenda).Text);
    }

    [Fact]
    public async Task AddAddendum_WrongPassword_ErrorAndNoAddendum()
    {
        await AddStudyAsync(StudyUid);
        var draft = await Get<ReportService>().OpenForEditingAsync(Study, Radiologist, new ReportContent("", "", "", "Final text.", ""));
        await Get<ReportService>().SignAsync(draft.Id, draft.RowVersion, ReportStatus.Final, Password, Radiologist);
        await using var ctx = NewContext();
        var cut = RenderPanel(ctx, Study, Radiologist2, ReadingAccess.ReadOnly);
        cut.WaitForElement("[data-testid=add-addendum]", Wait);

        await cut.Find("[data-testid=add-addendum]").ClickAsync(new());
        await cut.Find("[data-testid=addendum-text]").InputAsync(new() { Value = "Should not be added." });
        await cut.Find("[data-testid=addendum-password]").InputAsync(new() { Value = "wrong" });
        await cut.Find("[data-testid=addendum-dialog] [data-testid=dialog-confirm]").ClickAsync(new());

        Assert.Contains("not accepted", cut.Find("[data-testid=addendum-error]").TextContent, StringComparison.Ordinal);
        Assert.Empty((await StoredAsync()).Addenda);
    }

    [Fact]
    public async Task Clinician_DraftOnly_SeesNoFinalReportYetAndNoDraftText()
    {
        await AddStudyAsync(StudyUid);
        var draft = await Get<ReportService>().OpenForEditingAsync(Study, Radiologist, new ReportContent("", "", "", "Secret draft finding.", ""));
        await using var ctx = NewContext();

        var cut = RenderPanel(ctx, Study, Clinician, ReadingAccess.ReadOnly);

        cut.WaitForElement("[data-testid=report-none]", Wait);
        Assert.Equal("No final report yet.", cut.Find("[data-testid=report-none]").TextContent);
        Assert.DoesNotContain("Secret draft finding.", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=report-status]"));
        Assert.Empty(cut.FindAll("[data-testid=add-addendum]"));
        Assert.Equal(1, draft.RowVersion);
    }

    [Fact]
    public async Task Clinician_FinalWithCriticalResult_SeesTextCriticalNoticeAndDownloadsButNoDeliveryState()
    {
        await AddStudyAsync(StudyUid);
        var reports = Get<ReportService>();
        var draft = await reports.OpenForEditingAsync(Study, Radiologist, new ReportContent("", "", "", "Large pneumothorax.", "Pneumothorax."));
        await reports.RecordCriticalResultAsync(draft.Id, "Dr. Ward", Clock.GetUtcNow(), "by phone", Radiologist);
        await reports.SignAsync(draft.Id, draft.RowVersion, ReportStatus.Final, Password, Radiologist);
        await using var ctx = NewContext();

        var cut = RenderPanel(ctx, Study, Clinician, ReadingAccess.ReadOnly);

        cut.WaitForElement("[data-testid=report-readonly]", Wait);
        Assert.Contains("Large pneumothorax.", cut.Find("[data-testid=report-readonly]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Dr. Ward", cut.Find("[data-testid=report-critical]").TextContent, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid=report-pdf]"));
        Assert.Empty(cut.FindAll("[data-testid=report-delivery-state]"));
        Assert.Empty(cut.FindAll("[data-testid=record-critical]"));
    }
}
