using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Web.Viewer;
using PacsViewer.Web.Archive;

namespace PacsViewer.Tests.Web.Components.Pages.Patients;

/// <summary>
/// A clinician on a ward PC, in headless Chromium against the real app with the demo studies: signs in, finds the demo
/// CT's patient, reads the Final report inline and opens the images in the viewer.
/// </summary>
[Trait("Category", "Browser")]
public sealed class PatientsBrowserTests : IAsyncLifetime
{
    /// <summary>A hang detector only: seeding takes seconds.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(5);

    private const string Findings = "Synthetic demo finding: no focal lesion.";

    private readonly KestrelWebApplicationFactory _factory = new(seedDemo: true);
    private HeadlessChromium? _chromium;
    private Uri _baseAddress = null!;
    private string _ctUid = null!;

    public async Task InitializeAsync()
    {
        _baseAddress = _factory.Start();
        await _factory.Services.GetRequiredService<DemoSeedingService>().Completion.WaitAsync(Hang);
        var worklist = _factory.Services.GetRequiredService<WorklistService>();
        // The worklist learns of archived studies through the archive's index events: wait for the demo CT's row.
        var deadline = DateTime.UtcNow + Hang;
        IReadOnlyList<PatientStudy> found = [];
        while ((found = await worklist.SearchPatientStudiesAsync(new PatientSearch("DEMO^CT", null, null))).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the demo CT never reached the worklist");
            await Task.Delay(200);
        }
        var ct = Assert.Single(found).Study;
        _ctUid = ct.StudyInstanceUid;
        await new ReportSeeder(_factory.Services).FinalAsync(new StudyKey(ct.SourceName, ct.StudyInstanceUid), Findings, "Synthetic impression.");
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Clinician_SearchesDemoPatientReadsFinalReportAndOpensImages()
    {
        var page = await _chromium!.NewPageAsync(_baseAddress);
        await AppSignIn.SignInAsync(page, _baseAddress, AppSignIn.Clinician, "/patients");
        await page.Locator("[data-testid=interactivity][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await page.Locator("[data-testid=patient-search-name] input, input[data-testid=patient-search-name]").FillAsync("demo, ct");
        await page.GetByTestId("patient-search-button").ClickAsync();

        var row = page.GetByTestId("patient-study-row");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-study", _ctUid);
        await Assertions.Expect(page.GetByTestId("patient-name")).ToHaveTextAsync("DEMO, CT");
        await Assertions.Expect(row.GetByTestId("report-status")).ToHaveTextAsync("Final");

        await row.GetByTestId("toggle-report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-text")).ToContainTextAsync(Findings);
        await Assertions.Expect(page.GetByTestId("report-pdf")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^api/reports/[0-9a-f-]{36}/pdf$"));

        await row.GetByTestId("open-study").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(_baseAddress, $"viewer/archive/{_ctUid}").ToString());
        await Assertions.Expect(page.GetByTestId("overlay-top-left")).ToContainTextAsync("DEMO, CT");
        await Assertions.Expect(page.Locator("[data-testid=viewport-canvas]").First).ToHaveAttributeAsync("data-frame",
            new System.Text.RegularExpressions.Regex(":1$"));
    }
}
