using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Distribution;
using PacsViewer.Tests.Core.Distribution.Export;

namespace PacsViewer.Tests.Web.Distribution;

/// <summary>The viewer's Export button and dialog in Chromium, signed in as a radiologist, against the app on Kestrel.</summary>
[Trait("Category", "Browser")]
public sealed class ExportBrowserTests : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly KestrelWebApplicationFactory _factory = new();
    private readonly TempDirectory _files = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Uri _baseAddress = null!;
    private string _study = "";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"Browser tests need Chromium at {ChromiumPath} (apt-get install chromium).");
        _baseAddress = _factory.Start();
        var archive = _factory.Services.GetRequiredService<LocalArchive>();
        foreach (var path in StudyZipWriterTests.WriteDemoFiles(_files.Path, count: 24))
        {
            var file = DicomFile.Open(path);
            _study = file.Dataset.GetFirstString(DicomTags.StudyInstanceUID)!;
            Assert.True((await archive.AddAsync(file)).IsInArchive);
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await _factory.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task ExportDialog_RadiologistQueuesDeidentifiedExport_JobQueuedAndDownloadLinkFollowsTheChoice()
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { BaseURL = _baseAddress.ToString(), ViewportSize = new() { Width = 1920, Height = 1000 } });
        await AppSignIn.SignInAsync(page, _baseAddress, AppSignIn.Radiologist, $"/viewer/archive/{_study}");
        await page.Locator("[data-testid=interactivity][data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        await page.GetByTestId("export-open").ClickAsync(new LocatorClickOptions { Timeout = 60_000 });

        var download = page.GetByTestId("export-download");
        await Assertions.Expect(download).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"api/sources/archive/studies/{_study}/export\\.zip\\?deidentify=false$"));
        await page.Locator("input[data-testid=export-deidentify], [data-testid=export-deidentify] input").First.ClickAsync();
        var pseudonym = page.Locator("input[data-testid=export-pseudonym], [data-testid=export-pseudonym] input").First;
        await pseudonym.FillAsync("BROWSER-1");
        await pseudonym.BlurAsync();
        await Assertions.Expect(download).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("deidentify=true&pseudonym=BROWSER-1$"));

        await page.GetByTestId("export-queue").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("queued");

        await using var db = _factory.Services.GetRequiredService<PacsViewerDatabase>().CreateContext();
        var job = await db.TransferJobs.AsNoTracking().SingleAsync(j => j.Kind == TransferJobKind.Export && j.StudyInstanceUid == _study);
        Assert.Equal(AppSignIn.Radiologist, job.CreatedBy);
        Assert.Contains("\"deidentify\":true", job.ParametersJson, StringComparison.Ordinal);
        Assert.Contains("BROWSER-1", job.ParametersJson, StringComparison.Ordinal);
    }
}
