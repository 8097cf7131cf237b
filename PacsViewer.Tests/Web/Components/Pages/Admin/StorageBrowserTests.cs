using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PacsViewer.Web.Components.Storage;

namespace PacsViewer.Tests.Web.Components.Pages.Admin;

/// <summary>
/// The admin storage screen (/admin/storage) in headless Chromium against the real app with the demo archive: the
/// figures per modality are the archive's own, a retention dry run lists what would go and what is protected (a hold,
/// a draft report, no report), nothing is deleted by it, and a non-admin is refused.
/// </summary>
[Trait("Category", "Browser")]
public sealed class StorageBrowserTests(StorageBrowserFixture app) : IClassFixture<StorageBrowserFixture>
{
    private const string HoldReason = "Teaching file (synthetic)";
    private const string RuleName = "Older than a year";

    private static ILocator Input(IPage page, string testId) => page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]");

    private async Task<IPage> SignedInAsync(string user, string returnUrl)
    {
        var page = await app.Chromium.NewPageAsync(app.BaseAddress);
        await AppSignIn.SignInAsync(page, app.BaseAddress, user, returnUrl);
        return page;
    }

    [Fact]
    public async Task StoragePage_Admin_ShowsArchiveFiguresAndDryRunProtectsHeldAndUnsignedStudies()
    {
        var expected = await app.ArchiveObjectsByModalityAsync();
        Assert.Equal(["CR", "CT", "MR", "SR", "US"], expected.Keys); // the demo studies and the delivered reports of the CT and MR
        Assert.Equal(2, expected["SR"]);
        var page = await SignedInAsync(AppSignIn.Admin, "/admin/storage");
        await page.Locator("[data-testid=interactivity][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        // Usage: one row per modality, each with the archive's own object count, and the total.
        var rows = page.GetByTestId("storage-archive-row");
        await Assertions.Expect(rows).ToHaveCountAsync(expected.Count);
        foreach (var (modality, count) in expected)
        {
            await Assertions.Expect(page.Locator($"[data-testid=storage-archive-row][data-modality={modality}] [data-testid=storage-objects]"))
                .ToHaveTextAsync(StorageFormat.Count(count));
        }
        await Assertions.Expect(page.GetByTestId("storage-archive-total")).ToContainTextAsync($"{StorageFormat.Count(expected.Values.Sum())} objects");

        // A hold on the MR (reported Final, so only the hold can keep it), placed on the page.
        await Input(page, "hold-study").FillAsync(app.Studies["DEMO^MR"]);
        await Input(page, "hold-reason-input").FillAsync(HoldReason);
        await page.GetByTestId("hold-place").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=hold-row][data-study='{app.Studies["DEMO^MR"]}'] [data-testid=hold-reason]")).ToHaveTextAsync(HoldReason);

        // A rule for every study older than a year (the default age, by study date; the demo studies are from 2023-2024), enabled.
        await page.GetByTestId("retention-new").ClickAsync();
        await Input(page, "retention-name").FillAsync(RuleName);
        await page.GetByTestId("retention-save").ClickAsync();
        var rule = page.Locator($"[data-testid=retention-rule][data-name='{RuleName}']");
        await Assertions.Expect(rule.GetByTestId("retention-rule-enabled")).ToHaveTextAsync("no");
        await rule.GetByTestId("retention-toggle").ClickAsync();
        await Assertions.Expect(rule.GetByTestId("retention-rule-enabled")).ToHaveTextAsync("yes");

        // The dry run: the CT (reported Final) would go; the held MR, the CR with a draft and the unreported US are kept,
        // each with why (the reasons are exactly these: the MR has a Final report, the CR a report started).
        await page.GetByTestId("retention-dry-run").ClickAsync();
        var wouldDelete = page.GetByTestId("retention-would-delete-row");
        await Assertions.Expect(wouldDelete).ToHaveCountAsync(1);
        await Assertions.Expect(wouldDelete).ToHaveAttributeAsync("data-study", app.Studies["DEMO^CT"]);
        await Assertions.Expect(wouldDelete).ToContainTextAsync(RuleName);
        await Assertions.Expect(page.GetByTestId("retention-would-delete-title")).ToContainTextAsync("Would delete: 1 studies");
        await Assertions.Expect(page.GetByTestId("retention-protected-row")).ToHaveCountAsync(3);
        await Assertions.Expect(Reason(page, "DEMO^MR")).ToHaveTextAsync($"hold: {HoldReason}");
        await Assertions.Expect(Reason(page, "DEMO^CR")).ToHaveTextAsync("unsigned report (draft)");
        await Assertions.Expect(Reason(page, "DEMO^US")).ToHaveTextAsync("not reported yet (no Final report)");
        await Assertions.Expect(page.GetByTestId("retention-apply")).ToBeVisibleAsync();

        // A dry run deletes nothing.
        Assert.Equal(expected, await app.ArchiveObjectsByModalityAsync());
    }

    [Theory]
    [InlineData(AppSignIn.Radiologist)]
    [InlineData(AppSignIn.Clinician)]
    public async Task StoragePage_NotAdmin_RefusedWithoutFigures(string user)
    {
        var page = await SignedInAsync(user, "/");

        await page.GotoAsync("/admin/storage");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/access-denied"));
        await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-testid=storage-archive-row], [data-testid=retention-dry-run]").CountAsync());
        Assert.Equal(0, await page.Locator("a.mud-nav-link[href='admin/storage']").CountAsync());
    }

    private ILocator Reason(IPage page, string patient) =>
        page.Locator($"[data-testid=retention-protected-row][data-study='{app.Studies[patient]}'] [data-testid=retention-reason]");
}
