using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Archive.Local;
using PacsViewer.Tests.Web.Viewer;

namespace PacsViewer.Tests.Web.Worklist;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 (empty archive, Development demo users) and headless system Chromium for the
/// worklist's browser tests; studies are small synthetic objects stored into the built-in archive while the app runs.
/// </summary>
public sealed class WorklistBrowserFixture : IAsyncLifetime
{
    private readonly KestrelWebApplicationFactory _factory = new();
    private HeadlessChromium? _chromium;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public async Task InitializeAsync()
    {
        BaseAddress = _factory.Start();
        await Services.GetRequiredService<WorklistSyncService>().InitialSync;
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    /// <summary>A new page (own context, so its own sign-in) with the app as base URL.</summary>
    public Task<IPage> NewPageAsync() => (_chromium ?? throw new InvalidOperationException("not initialised")).NewPageAsync(BaseAddress);

    /// <summary>
    /// Stores a one-image study into the built-in archive, as a modality's C-STORE would; the archive's notification
    /// puts it on the worklist. With <paramref name="waitForWorklist"/>, also syncs it at once so the test need not wait.
    /// </summary>
    public async Task<(string Study, string Series, string Sop)> StoreStudyAsync(string patientName, string patientId, string studyDate,
        string description, bool waitForWorklist = true)
    {
        var study = NewUid();
        var series = NewUid();
        var sop = NewUid();
        var archive = Services.GetRequiredService<LocalArchive>();
        var result = await archive.AddAsync(ArchiveTestObjects.Create(study, series, sop, patientName, patientId, studyDate, "CT", "ACC-" + sop[^6..], description));
        Assert.True(result.IsInArchive, result.ToString());
        if (waitForWorklist)
        {
            await Services.GetRequiredService<WorklistSynchronizer>().SyncAsync(archive, new StudyQuery { StudyInstanceUid = study, Limit = 1 });
        }
        return (study, series, sop);
    }

    private static string NewUid() => "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true);

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        await _factory.DisposeAsync();
    }
}
