using Microsoft.Playwright;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Security;

namespace PacsViewer.Tests.Web.Security;

/// <summary>
/// Sessions in a real browser (system Chromium) against real Kestrel: the idle log-off of a live page with its warning,
/// and activity keeping a page signed in. Timeouts
/// are seconds here; the waits are bounded, nothing asserts on durations.
/// </summary>
[Trait("Category", "Browser")]
public sealed class IdleLogoffBrowserTests : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly LocatorWaitForOptions Within30Seconds = new() { Timeout = 30_000 };
    private static readonly LocatorWaitForOptions AttachedWithin30Seconds = new() { Timeout = 60_000, State = WaitForSelectorState.Attached };

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"Browser tests need Chromium at {ChromiumPath} (apt-get install chromium).");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }

    private static SessionTestHost NewHost(string clinicianIdle, string revalidation = "00:01:00") => new(new Dictionary<string, string?>
    {
        ["Auth:IdleTimeoutByRole:Clinician"] = clinicianIdle,
        ["Auth:RevalidationInterval"] = revalidation,
    }, kestrel: true);

    private async Task<(IBrowserContext Context, IPage Page)> SignedInPageAsync(Uri baseAddress, string userName, string path)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        var page = await context.NewPageAsync();
        await AppSignIn.SignInAsync(page, baseAddress, userName, path, SessionTestHost.Password);
        await page.Locator("[data-testid=idle-logoff][data-active=true]").WaitForAsync(AttachedWithin30Seconds);
        return (context, page);
    }

    [Fact]
    public async Task IdlePage_ClinicianTimeoutPasses_WarnedThenSignedOutWithReasonAndCookieCleared()
    {
        using var host = NewHost(clinicianIdle: "00:00:06");
        var baseAddress = host.Start();
        var clinician = await host.CreateUserAsync(PacsRoles.Clinician);
        var (context, page) = await SignedInPageAsync(baseAddress, clinician, "/");
        await using var _ = context;

        await page.GetByTestId("idle-warning").WaitForAsync(Within30Seconds);
        await page.WaitForURLAsync("**/account/login?returnUrl=%2F&ended=idle&after=6", new PageWaitForURLOptions { Timeout = 30_000 });
        var notice = await page.GetByTestId("session-ended").TextContentAsync();
        var ended = await host.AuditEventsAsync(clinician, AuditActions.SessionEnded);

        Assert.Equal("You were signed out after 6 seconds of inactivity.", notice);
        var audited = Assert.Single(ended);
        Assert.Equal(("idle: no activity for 6 seconds", "Clinician"), (audited.Detail, audited.UserRoles));
    }

    [Fact]
    public async Task ActivePage_PointerMovesEverySecond_StaysSignedInPastTheTimeout()
    {
        using var host = NewHost(clinicianIdle: "00:00:20");
        var baseAddress = host.Start();
        var clinician = await host.CreateUserAsync(PacsRoles.Clinician);
        var (context, page) = await SignedInPageAsync(baseAddress, clinician, "/");
        await using var _ = context;

        for (var i = 0; i < 26; i++)
        {
            await page.Mouse.MoveAsync(100 + (i % 2 * 50), 200);
            await page.WaitForTimeoutAsync(1_000);
        }
        var url = page.Url;
        var ended = await host.AuditEventsAsync(clinician, AuditActions.SessionEnded);

        Assert.Equal(new Uri(baseAddress, "/").ToString(), url);
        Assert.Equal(1, await page.Locator("[data-testid=idle-logoff][data-active=true]").CountAsync());
        Assert.Empty(ended);
    }
}
