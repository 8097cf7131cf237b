using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Tests.Web.Reporting;

/// <summary>Reading in a real browser: autosave across an abrupt close, and the lock seen by a second radiologist.</summary>
public sealed class ReadingBrowserTests(ReadingBrowserFixture app) : IClassFixture<ReadingBrowserFixture>
{
    private string ViewerPath => $"/viewer/archive/{app.CtStudyUid}";

    private static async Task WaitInteractiveAsync(IPage page)
    {
        await page.Locator("[data-testid=interactivity][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    [Fact]
    public async Task CloseMidTyping_ReopenInNewPage_TextTypedBeforeTheCloseIsThere_ThenSecondRadiologistSeesItLocked()
    {
        var page = await app.NewPageAsync();
        await AppSignIn.SignInAsync(page, app.BaseAddress, AppSignIn.Radiologist, ViewerPath);
        await WaitInteractiveAsync(page);
        var findings = page.GetByTestId("report-section-findings");
        await findings.WaitForAsync();

        const string typedFirst = "Right upper lobe nodule, 8 mm. ";
        await findings.PressSequentiallyAsync(typedFirst, new() { Delay = 30 });
        // Keep typing, and close the page mid-word about 1.5 s later, without waiting for any save.
        var typing = findings.PressSequentiallyAsync("No pleural effusion or pneumothorax seen today", new() { Delay = 120 });
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var context = page.Context;
        await page.CloseAsync();
        await Assert.ThrowsAnyAsync<PlaywrightException>(() => typing); // it was cut off by the close

        var reopened = await context.NewPageAsync();
        await reopened.GotoAsync(ViewerPath);
        await WaitInteractiveAsync(reopened);
        var again = reopened.GetByTestId("report-section-findings");
        await again.WaitForAsync();
        var text = await again.InputValueAsync();

        Assert.StartsWith(typedFirst + "No", text, StringComparison.Ordinal); // at most the last keystrokes are lost
        Assert.Equal("edit", await reopened.GetByTestId("report-panel").GetAttributeAsync("data-mode"));

        // A second radiologist opening the same study sees who holds it, read-only.
        var other = await app.NewPageAsync();
        await AppSignIn.SignInAsync(other, app.BaseAddress, AppSignIn.Radiologist2, ViewerPath);
        await WaitInteractiveAsync(other);
        var locked = other.GetByTestId("report-locked");
        await locked.WaitForAsync();
        Assert.Matches("^Locked by radiologist since [0-2][0-9]:[0-5][0-9] — read-only$", (await locked.TextContentAsync())!.Trim());
        Assert.Equal("read", await other.GetByTestId("report-panel").GetAttributeAsync("data-mode"));
        Assert.Equal(0, await other.Locator("textarea[data-testid^=report-section-]").CountAsync());
        Assert.Contains("Right upper lobe nodule, 8 mm.", await other.GetByTestId("report-readonly").TextContentAsync() ?? "", StringComparison.Ordinal);

        var stored = await app.Services.GetRequiredService<StudyLockService>().GetAsync(new StudyKey("archive", app.CtStudyUid));
        Assert.Equal("radiologist", stored.HeldBy);
        await other.Context.CloseAsync();
        await context.CloseAsync();
    }
}
