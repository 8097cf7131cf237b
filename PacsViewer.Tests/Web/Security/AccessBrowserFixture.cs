using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Archive.Local;
using PacsViewer.Tests.Web.Viewer;

namespace PacsViewer.Tests.Web.Security;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 and headless system Chromium, with a study whose Patient's Name, Study and
/// Series Description hold HTML and script payloads, on the worklist with a Final report whose text holds more.
/// </summary>
public sealed class AccessBrowserFixture : IAsyncLifetime
{
    public const string PatientPayload = "<script>alert(1)</script>";
    public const string StudyPayload = "<img src=x onerror=\"window.__xss=1\">";
    public const string SeriesPayload = "<svg onload=\"window.__xss=2\">";
    public const string ReportPayload = "<script>window.__xss=3</script><img src=x onerror=\"window.__xss=4\">";

    private readonly KestrelWebApplicationFactory _factory = new();
    private HeadlessChromium? _chromium;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    /// <summary>The payload study (Final report).</summary>
    public string XssStudy { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        BaseAddress = _factory.Start();
        await Services.GetRequiredService<WorklistSyncService>().InitialSync;
        XssStudy = await StoreAsync("XSS^" + PatientPayload, "XSS-1", StudyPayload, SeriesPayload);
        await new ReportSeeder(Services).FinalAsync(new StudyKey("archive", XssStudy), "Findings " + ReportPayload, "Impression " + ReportPayload);
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    /// <summary>A new page (own context, so its own sign-in) recording CSP violations, console CSP errors and dialogs.</summary>
    public async Task<WatchedPage> NewPageAsync()
    {
        var page = await (_chromium ?? throw new InvalidOperationException("not initialised")).NewPageAsync(BaseAddress);
        var watched = new WatchedPage(page);
        // Reported through a binding, which survives navigations (a page's own array would not).
        await page.ExposeFunctionAsync("__reportCsp", (string violation) => watched.Problems.Add("violation: " + violation));
        await page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => window.__reportCsp(e.violatedDirective + ' ' + e.blockedURI));");
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                watched.Problems.Add("console: " + message.Text);
            }
        };
        page.Dialog += async (_, dialog) =>
        {
            watched.Problems.Add("dialog: " + dialog.Message);
            await dialog.DismissAsync();
        };
        return watched;
    }

    /// <summary>Stores a one-image study and puts it on the worklist at once.</summary>
    public async Task<string> StoreAsync(string patientName, string patientId, string studyDescription, string seriesDescription)
    {
        var (study, series, sop) = (ReportSeeder.NewUid(), ReportSeeder.NewUid(), ReportSeeder.NewUid());
        var file = ArchiveTestObjects.Create(study, series, sop, patientName, patientId, "20260102", "CT", "ACC-" + sop[^6..], studyDescription);
        var dataset = file.Dataset.ToBuilder().Set(DicomTags.SeriesDescription, seriesDescription).ToDataset();
        var archive = Services.GetRequiredService<LocalArchive>();
        var result = await archive.AddAsync(new DicomFile(DicomFileWriter.CreateFileMeta(dataset, file.TransferSyntax), dataset, file.TransferSyntax));
        Assert.True(result.IsInArchive, result.ToString());
        await Services.GetRequiredService<WorklistSynchronizer>().SyncAsync(archive, new StudyQuery { StudyInstanceUid = study, Limit = 1 });
        return study;
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        await _factory.DisposeAsync();
    }

    /// <summary>A page and what went wrong on it: CSP violations reported on the console, dialogs opened.</summary>
    public sealed class WatchedPage(IPage page)
    {
        public IPage Page { get; } = page;

        public List<string> Problems { get; } = [];

        /// <summary>Every problem seen so far, and whether the current document has <c>window.__xss</c> set.</summary>
        public async Task<List<string>> AllProblemsAsync()
        {
            var all = new List<string>(Problems);
            if (await Page.EvaluateAsync<bool>("() => typeof window.__xss !== 'undefined'"))
            {
                all.Add("window.__xss is set");
            }
            return all;
        }
    }
}
