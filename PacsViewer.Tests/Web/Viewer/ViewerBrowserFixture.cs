using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Viewing;
using PacsViewer.Web.Archive;

namespace PacsViewer.Tests.Web.Viewer;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 with its archive seeded with the demo studies, and headless system Chromium;
/// shared by the viewer's browser tests (seeding the 120-slice CT takes seconds).
/// </summary>
public sealed class ViewerBrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = HeadlessChromium.ChromiumPath;

    /// <summary>A hang detector only: seeding takes seconds.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(5);

    private readonly KestrelWebApplicationFactory _factory = new(seedDemo: true);
    private HeadlessChromium? _chromium;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => Chromium.Browser;

    private HeadlessChromium Chromium => _chromium ?? throw new InvalidOperationException("not initialised");

    /// <summary>The demo CT's model as the archive gives it (series, instances in stack order, spacing).</summary>
    public StudyModel Ct { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"Browser tests need Chromium at {ChromiumPath} (apt-get install chromium).");
        BaseAddress = _factory.Start();
        await _factory.Services.GetRequiredService<DemoSeedingService>().Completion.WaitAsync(Hang);
        var archive = _factory.Services.GetServices<IStudySource>().Single(s => s.Id == "archive");
        string? ctUid = null;
        await foreach (var study in archive.SearchStudiesAsync(new StudyQuery { PatientName = "DEMO^CT" }))
        {
            ctUid = study.GetFirstString(DicomTags.StudyInstanceUID);
        }
        Ct = await StudyModelService.LoadAsync(archive, ctUid ?? throw new InvalidOperationException("the demo CT was not seeded"));

        _chromium = await HeadlessChromium.LaunchAsync();
    }

    /// <summary>
    /// A new page (own context) of 1920x1000 at device pixel ratio 1, with the app as base URL, signed in as the
    /// radiologist: signed in, the viewer has the report panel and the navigation drawer beside the viewports, which
    /// leave them about 150 px at 1280 wide, so the page is wider.
    /// </summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await Chromium.NewPageAsync(BaseAddress, 1920, 1000);
        await AppSignIn.SignInAsync(page, BaseAddress, AppSignIn.Radiologist);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        await _factory.DisposeAsync();
    }
}
