using Microsoft.Playwright;

namespace PacsViewer.Tests.Web;

/// <summary>
/// Drives the real app in headless system Chromium (no <c>playwright install</c>).
/// </summary>
[Trait("Category", "Browser")]
public sealed class BrowserNavigationTests : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly KestrelWebApplicationFactory _factory = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Uri _baseAddress = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"Browser tests need Chromium at {ChromiumPath} (apt-get install chromium).");

        _baseAddress = _factory.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task NavLink_ClickWorklistOnceInteractive_ShowsWorklistPage()
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { BaseURL = _baseAddress.ToString() });

        await AppSignIn.SignInAsync(page, _baseAddress, AppSignIn.Radiologist);
        await page.Locator("[data-testid=interactivity][data-interactive=true]")
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

        await page.Locator(".mud-drawer a.mud-nav-link", new PageLocatorOptions { HasText = "Worklist" }).ClickAsync();

        // Enhanced navigation updates the URL before the new page renders: wait for the content itself.
        await page.WaitForURLAsync(new Uri(_baseAddress, "worklist").ToString());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Worklist");
        await Assertions.Expect(page.GetByTestId("worklist-table")).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveTitleAsync("Worklist - PacsViewer");
    }
}
