using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Web.Archive;
using PacsViewer.Web.Reporting;
using PacsViewer.Tests.Web.Viewer;

namespace PacsViewer.Tests.Web.Reporting;

/// <summary>
/// The real app on Kestrel at 127.0.0.1, seeded with the demo studies, with headless Chromium. The autosave timer is
/// set to ten minutes here, so text typed in the browser reaches the database only by the save on a dropped
/// connection or a closed circuit, which is what the tests check.
/// </summary>
public sealed class ReadingBrowserFixture : IAsyncLifetime
{
    /// <summary>A hang detector only: seeding and putting the studies on the worklist take seconds.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(5);

    private readonly KestrelWebApplicationFactory _factory = new(seedDemo: true)
    {
        ConfigureTestServices = services => services.Configure<ReportEditorOptions>(o => o.AutosaveDelay = TimeSpan.FromMinutes(10)),
    };

    private HeadlessChromium? _chromium;

    public Uri BaseAddress { get; private set; } = null!;

    public string CtStudyUid { get; private set; } = "";

    public IServiceProvider Services => _factory.Services;

    private HeadlessChromium Chromium => _chromium ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        BaseAddress = _factory.Start();
        await _factory.Services.GetRequiredService<DemoSeedingService>().Completion.WaitAsync(Hang);
        var archive = _factory.Services.GetServices<IStudySource>().Single(s => s.Id == "archive");
        await foreach (var study in archive.SearchStudiesAsync(new StudyQuery { PatientName = "DEMO^CT" }))
        {
            CtStudyUid = study.GetFirstString(DicomTags.StudyInstanceUID) ?? "";
        }
        // The worklist row comes from the archive's index event, in the background: wait for it (a precondition).
        using var hang = new CancellationTokenSource(Hang);
        var database = _factory.Services.GetRequiredService<PacsViewerDatabase>();
        while (true)
        {
            await using var db = database.CreateContext();
            if (await db.WorklistEntries.AnyAsync(e => e.StudyInstanceUid == CtStudyUid, hang.Token))
            {
                break;
            }
            await Task.Delay(100, hang.Token);
        }
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    public Task<IPage> NewPageAsync() => Chromium.NewPageAsync(BaseAddress);

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        await _factory.DisposeAsync();
    }
}
