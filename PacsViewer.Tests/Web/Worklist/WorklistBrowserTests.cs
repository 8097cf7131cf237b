using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Tests.Web.Worklist;

/// <summary>
/// The worklist and the prior comparison in headless Chromium against the real app, signed in through the login page:
/// live updates from the archive and from other users' locks, an admin's lock release, a prior study in the viewer.
/// </summary>
[Trait("Category", "Browser")]
public sealed class WorklistBrowserTests(WorklistBrowserFixture app) : IClassFixture<WorklistBrowserFixture>
{
    private static ILocator Row(IPage page, string studyUid) => page.Locator($"[data-testid=worklist-row][data-study-uid='{studyUid}']");

    private async Task<IPage> OpenWorklistAsync(string user)
    {
        var page = await app.NewPageAsync();
        await AppSignIn.SignInAsync(page, app.BaseAddress, user, "/worklist");
        await page.Locator("[data-testid=interactivity][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    [Fact]
    public async Task OpenWorklist_StudyArrivesThenRadiologist2ClaimsIt_RowAndLockShowWithoutReload()
    {
        var page = await OpenWorklistAsync(AppSignIn.Radiologist);
        var loads = await page.GetByTestId("worklist-state").GetAttributeAsync("data-refreshes");
        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

        var (study, _, _) = await app.StoreStudyAsync("LIVE^ARRIVAL", "LIVE-1", "20260101", "Arrived live", waitForWorklist: false);
        await Assertions.Expect(Row(page, study)).ToBeVisibleAsync();
        await Assertions.Expect(Row(page, study)).ToHaveTextAsync("LIVE, ARRIVAL");
        await Assertions.Expect(Row(page, study)).ToHaveAttributeAsync("data-locked-by", "");

        var claim = await app.Services.GetRequiredService<StudyLockService>().ClaimAsync(new StudyKey("archive", study), AppSignIn.Radiologist2);
        Assert.True(claim.Acquired);

        await Assertions.Expect(Row(page, study)).ToHaveAttributeAsync("data-locked-by", AppSignIn.Radiologist2);
        await Assertions.Expect(Row(page, study)).ToHaveAttributeAsync("data-status", "InProgress");
        var lockCell = page.Locator("tr", new() { Has = Row(page, study) }).GetByTestId("worklist-lock");
        await Assertions.Expect(lockCell).ToContainTextAsync("Locked by radiologist2 since");
        Assert.Equal(0, navigations); // no reload: the circuit refreshed the grid
        Assert.NotEqual(loads, await page.GetByTestId("worklist-state").GetAttributeAsync("data-refreshes"));
    }

    [Fact]
    public async Task AdminReleaseLock_Confirmed_LockGoneInGridAndDatabase()
    {
        var (study, _, _) = await app.StoreStudyAsync("LOCKED^STUDY", "LOCK-1", "20251231", "Locked study");
        var locks = app.Services.GetRequiredService<StudyLockService>();
        Assert.True((await locks.ClaimAsync(new StudyKey("archive", study), AppSignIn.Radiologist)).Acquired);
        var page = await OpenWorklistAsync(AppSignIn.Admin);
        await Assertions.Expect(Row(page, study)).ToHaveAttributeAsync("data-locked-by", AppSignIn.Radiologist);

        await Row(page, study).ClickAsync();
        await page.GetByTestId("panel-release-lock").ClickAsync();
        await page.Locator(".mud-dialog button", new() { HasText = "Release" }).ClickAsync();

        await Assertions.Expect(Row(page, study)).ToHaveAttributeAsync("data-locked-by", "");
        await Assertions.Expect(page.GetByTestId("panel-lock")).ToHaveTextAsync("Not locked");
        Assert.Null((await locks.GetAsync(new StudyKey("archive", study))).HeldBy);
    }

    [Fact]
    public async Task ComparePrior_FromWorklist_ViewerShowsBothGroupsAndPriorSeriesInAViewport()
    {
        var current = await app.StoreStudyAsync("PRIOR^PATIENT", "PRIOR-1", "20240601", "CT chest follow-up");
        var prior = await app.StoreStudyAsync("PRIOR^PATIENT", "PRIOR-1", "20230105", "CT chest baseline");
        var page = await OpenWorklistAsync(AppSignIn.Radiologist);

        await Row(page, current.Study).ClickAsync();
        var priorItem = page.Locator($"[data-testid=prior][data-study-uid='{prior.Study}']");
        await Assertions.Expect(priorItem).ToContainTextAsync("2023-01-05");
        await priorItem.GetByTestId("prior-compare").ClickAsync();

        await page.WaitForURLAsync(new Uri(app.BaseAddress, $"viewer/archive/{current.Study}?prior=archive%2F{prior.Study}").ToString());
        await page.Locator("[data-testid=interactivity][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var priorGroup = page.Locator("[data-testid=series-list][data-group=prior]");
        await Assertions.Expect(priorGroup.GetByTestId("series-group-label")).ToHaveTextAsync("Prior: 2023-01-05, CT chest baseline");
        await Assertions.Expect(page.Locator("[data-testid=series-list][data-group=current]").GetByTestId("series-group-label"))
            .ToHaveTextAsync("Current: 2024-06-01, CT chest follow-up");
        var viewport = page.GetByTestId("viewport").First;
        await Assertions.Expect(viewport).ToHaveAttributeAsync("data-series", current.Series);
        await Assertions.Expect(viewport.GetByTestId("overlay-study")).ToHaveTextAsync("Current: 2024-06-01");

        await priorGroup.GetByTestId("series-thumbnail").ClickAsync();

        await Assertions.Expect(viewport).ToHaveAttributeAsync("data-series", prior.Series);
        await Assertions.Expect(viewport.GetByTestId("overlay-study")).ToHaveTextAsync("Prior: 2023-01-05");
        await Assertions.Expect(viewport.GetByTestId("viewport-canvas")).ToHaveAttributeAsync("data-frame", $"{prior.Sop}:1");
    }
}
