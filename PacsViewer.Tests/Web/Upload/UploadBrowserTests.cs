using System.Text.Json;
using Microsoft.Playwright;
using PacsViewer.Tests.Core.Distribution.Upload;

namespace PacsViewer.Tests.Web.Upload;

/// <summary>The Upload page in headless Chromium, signed in: files chosen or dropped, each file's outcome shown; the manifest seen by the browser.</summary>
[Trait("Category", "Browser")]
public sealed class UploadBrowserTests : IAsyncLifetime
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
        await _factory.DisposeAsync();
    }

    private async Task<IPage> UploadPageAsync()
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { BaseURL = _baseAddress.ToString() });
        await AppSignIn.SignInAsync(page, _baseAddress, AppSignIn.Radiologist, "/upload");
        await page.Locator("[data-testid=upload-drop][data-ready=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        return page;
    }

    private static async Task<IReadOnlyList<(string Label, string State, string Reason)>> FinishedItemsAsync(IPage page)
    {
        await page.Locator("[data-testid=upload-job][data-finished=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        var rows = page.GetByTestId("upload-item");
        var items = new List<(string, string, string)>();
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var row = rows.Nth(i);
            items.Add(((await row.GetByTestId("upload-item-label").InnerTextAsync()).Trim(), (await row.GetAttributeAsync("data-state"))!,
                (await row.GetByTestId("upload-item-reason").InnerTextAsync()).Trim()));
        }
        return items;
    }

    [Fact]
    public async Task ChooseFiles_OneGoodOneBad_BothOutcomesShown()
    {
        var page = await UploadPageAsync();

        await page.GetByTestId("upload-input").SetInputFilesAsync(
        [
            new FilePayload { Name = "good.dcm", MimeType = "application/dicom", Buffer = UploadTestFiles.Good().Bytes },
            new FilePayload { Name = "bad.txt", MimeType = "text/plain", Buffer = UploadTestFiles.NotDicom() },
        ]);

        var items = await FinishedItemsAsync(page);
        Assert.Equal([("good.dcm", "Done", ""), ("bad.txt", "Failed", "not a DICOM file: no DICM prefix")], items);
        await Assertions.Expect(page.GetByTestId("upload-job")).ToHaveAttributeAsync("data-state", "PartlyFailed");
    }

    [Fact]
    public async Task DropFiles_SyntheticDropEvent_UploadedAndShown()
    {
        var page = await UploadPageAsync();
        var good = UploadTestFiles.Good().Bytes;

        await page.EvaluateAsync(@"([good, bad]) => {
            const files = new DataTransfer();
            files.items.add(new File([new Uint8Array(good)], 'dropped.dcm', { type: 'application/dicom' }));
            files.items.add(new File([new Uint8Array(bad)], 'dropped.txt', { type: 'text/plain' }));
            const zone = document.querySelector('[data-testid=upload-drop]');
            zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: files, bubbles: true, cancelable: true }));
            zone.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
        }", new object[] { good.Select(b => (int)b).ToArray(), UploadTestFiles.NotDicom().Select(b => (int)b).ToArray() });

        var items = await FinishedItemsAsync(page);
        Assert.Equal([("dropped.dcm", "Done", ""), ("dropped.txt", "Failed", "not a DICOM file: no DICM prefix")], items);
    }

    [Fact]
    public async Task Manifest_ChromiumFollowsTheLink_StartsAtTheWorklist()
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { BaseURL = _baseAddress.ToString() });
        await page.GotoAsync("/account/login");

        var manifest = await page.EvaluateAsync<JsonElement>(@"async () => {
            const href = document.querySelector('link[rel=manifest]').href;
            const response = await fetch(href);
            return { href, type: response.headers.get('content-type'), body: await response.json() };
        }");

        Assert.Equal(new Uri(_baseAddress, "manifest.webmanifest").ToString(), manifest.GetProperty("href").GetString());
        Assert.StartsWith("application/manifest+json", manifest.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal("/worklist", manifest.GetProperty("body").GetProperty("start_url").GetString());
        Assert.Equal("standalone", manifest.GetProperty("body").GetProperty("display").GetString());
    }
}
