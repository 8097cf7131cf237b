using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;

namespace PacsViewer.Tests.Web.Security;

/// <summary>
/// Access control in headless Chromium against the real app: payloads in DICOM tag values and report text stay text
/// on every page that shows them, nothing breaks the Content Security Policy (no violation, no dialog), each role's
/// navigation and refusals, and break-glass in the viewer.
/// </summary>
[Trait("Category", "Browser")]
public sealed class AccessBrowserTests(AccessBrowserFixture app) : IClassFixture<AccessBrowserFixture>
{
    private static Task InteractiveAsync(IPage page) =>
        page.Locator("[data-testid=interactivity][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    [Fact]
    public async Task Radiologist_StudyListViewerReportAndWorklist_PayloadsShownAsTextNoCspViolation()
    {
        var watched = await app.NewPageAsync();
        var page = watched.Page;
        await AppSignIn.SignInAsync(page, app.BaseAddress, AppSignIn.Radiologist, "/studies");
        await InteractiveAsync(page);
        var listRow = page.Locator($"[data-testid=worklist-row][data-study='{app.XssStudy}']");
        await Assertions.Expect(listRow).ToContainTextAsync(AccessBrowserFixture.PatientPayload);
        await Assertions.Expect(listRow).ToContainTextAsync(AccessBrowserFixture.StudyPayload);
        Assert.Empty(await watched.AllProblemsAsync());

        await page.GotoAsync($"/viewer/archive/{app.XssStudy}");
        await InteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("overlay-top-left")).ToContainTextAsync(AccessBrowserFixture.PatientPayload);
        await Assertions.Expect(page.GetByTestId("series-list")).ToContainTextAsync(AccessBrowserFixture.SeriesPayload);
        await Assertions.Expect(page.Locator(".viewer-side")).ToContainTextAsync(AccessBrowserFixture.StudyPayload);
        await Assertions.Expect(page.GetByTestId("report-readonly")).ToContainTextAsync(AccessBrowserFixture.ReportPayload);
        await Assertions.Expect(page.Locator("[data-testid=viewport-canvas]").First).ToHaveAttributeAsync("data-frame", new Regex(":1$"));
        Assert.Equal(0, await page.Locator("[data-testid=viewer] script, [data-testid=viewer] img[src=x], [data-testid=viewer] svg[onload]").CountAsync());
        Assert.Empty(await watched.AllProblemsAsync());

        await page.GotoAsync("/worklist");
        await InteractiveAsync(page);
        var row = page.Locator($"[data-testid=worklist-row][data-study-uid='{app.XssStudy}']");
        await Assertions.Expect(row).ToContainTextAsync(AccessBrowserFixture.PatientPayload);
        Assert.Empty(await watched.AllProblemsAsync());
    }

    [Fact]
    public async Task Clinician_WardViewReportAndViewer_PayloadsShownAsTextNoCspViolation()
    {
        var watched = await app.NewPageAsync();
        var page = watched.Page;
        await AppSignIn.SignInAsync(page, app.BaseAddress, AppSignIn.Clinician, "/patients");
        await InteractiveAsync(page);

        await page.Locator("[data-testid=patient-search-name] input, input[data-testid=patient-search-name]").FillAsync("xss");
        await page.GetByTestId("patient-search-button").ClickAsync();
        var row = page.Locator($"[data-testid=patient-study-row][data-study='{app.XssStudy}']");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("patient-name").First).ToContainTextAsync(AccessBrowserFixture.PatientPayload);
        await row.GetByTestId("toggle-report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-text").First).ToContainTextAsync(AccessBrowserFixture.ReportPayload);
        Assert.Empty(await watched.AllProblemsAsync());

        await row.GetByTestId("open-study").ClickAsync();
        await Assertions.Expect(page.GetByTestId("overlay-top-left")).ToContainTextAsync(AccessBrowserFixture.PatientPayload);
        await Assertions.Expect(page.Locator("[data-testid=viewport-canvas]").First).ToHaveAttributeAsync("data-frame", new Regex(":1$"));
        Assert.Empty(await watched.AllProblemsAsync());
    }

    [Fact]
    public async Task Clinician_StudyWithoutFinalReport_BreakGlassAsksReasonThenOpensAndIsAudited()
    {
        var study = await app.StoreAsync("EMERGENCY^PATIENT", "EMG-1", "Trauma CT", "Axial");
        var watched = await app.NewPageAsync();
        var page = watched.Page;
        await AppSignIn.SignInAsync(page, app.BaseAddress, AppSignIn.Clinician, $"/viewer/archive/{study}");
        await InteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("break-glass")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("EMERGENCY, PATIENT");

        await page.Locator("[data-testid=break-glass-reason] textarea, textarea[data-testid=break-glass-reason]").FillAsync("urgent");
        await page.GetByTestId("break-glass-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("break-glass-error")).ToContainTextAsync("at least 10 characters");
        await page.Locator("[data-testid=break-glass-reason] textarea, textarea[data-testid=break-glass-reason]").FillAsync("Polytrauma in resuscitation room");
        await page.GetByTestId("break-glass-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("overlay-top-left")).ToContainTextAsync("EMERGENCY, PATIENT");
        await Assertions.Expect(page.Locator("[data-testid=viewport-canvas]").First).ToHaveAttributeAsync("data-frame", new Regex(":1$"));
        Assert.Empty(await watched.AllProblemsAsync());
        await using var db = app.Services.GetRequiredService<PacsViewerDatabase>().CreateContext();
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.StudyInstanceUid == study).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditActions.AccessDenied, AuditActions.BreakGlass, AuditActions.StudyOpened],
            events.Where(e => e.ObjectType != "Api").Select(e => e.Action));
        var breakGlass = events.Single(e => e.Action == AuditActions.BreakGlass);
        Assert.Equal(("clinician", "Polytrauma in resuscitation room", true), (breakGlass.UserName, breakGlass.Detail, breakGlass.Emergency));
        var opened = events.Single(e => e.Action == AuditActions.StudyOpened && e.ObjectType == "Viewer");
        Assert.Equal(("EMG-1", "EMERGENCY, PATIENT", true), (opened.PatientId, opened.PatientName, opened.Emergency));
    }

    [Theory]
    [InlineData(AppSignIn.Clinician, new[] { "Home", "Patients", "Studies", "Jobs" })]
    [InlineData(AppSignIn.Radiologist, new[] { "Home", "Worklist", "Patients", "Studies", "Jobs" })]
    [InlineData(AppSignIn.Admin, new[] { "Home", "Worklist", "Patients", "Studies", "Jobs", "Admin", "PACS connections", "Audit trail" })]
    public async Task SignedIn_NavigationMenu_ShowsWhatTheRoleMayUse(string user, string[] links)
    {
        var page = (await app.NewPageAsync()).Page;
        await AppSignIn.SignInAsync(page, app.BaseAddress, user, "/");
        await InteractiveAsync(page);

        var shown = await page.Locator("a.mud-nav-link").AllInnerTextsAsync();

        Assert.Equal(links, shown.Select(s => s.Trim()));
    }

    [Fact]
    public async Task Clinician_OpensWorklist_AccessDenied()
    {
        var page = (await app.NewPageAsync()).Page;
        await AppSignIn.SignInAsync(page, app.BaseAddress, AppSignIn.Clinician, "/patients");

        await page.GotoAsync("/worklist");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/access-denied"));
        await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-testid=worklist-row]").CountAsync());
    }

    [Fact]
    public async Task SignedOut_OpensViewer_RedirectedToLogin()
    {
        var page = (await app.NewPageAsync()).Page;

        await page.GotoAsync($"/viewer/archive/{app.XssStudy}");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("XSS");
    }
}
