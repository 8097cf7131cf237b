using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Web.Viewer;
using PacsViewer.Web.Archive;

namespace PacsViewer.Tests.Web.Components.Pages.Admin;

/// <summary>
/// The real app on Kestrel with the demo studies in its built-in archive and the reading states retention looks at:
/// the demo CT and MR reported Final (their SRs delivered into the archive before any test reads a figure), a draft
/// report on the demo CR, the US not reported. Shared by the storage screen's browser tests; headless Chromium.
/// </summary>
public sealed class StorageBrowserFixture : IAsyncLifetime
{
    /// <summary>A hang detector only: seeding and the report's delivery take seconds.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(5);

    private readonly KestrelWebApplicationFactory _factory = new(seedDemo: true);
    private HeadlessChromium? _chromium;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The demo studies by patient name (DEMO^CT, DEMO^MR, DEMO^CR, DEMO^US): their Study Instance UIDs.</summary>
    public Dictionary<string, string> Studies { get; } = new(StringComparer.Ordinal);

    public HeadlessChromium Chromium => _chromium ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        BaseAddress = _factory.Start();
        await _factory.Services.GetRequiredService<DemoSeedingService>().Completion.WaitAsync(Hang);
        var worklist = _factory.Services.GetRequiredService<WorklistService>();
        var deadline = DateTime.UtcNow + Hang;
        foreach (var patient in new[] { "DEMO^CT", "DEMO^MR", "DEMO^CR", "DEMO^US" })
        {
            // The worklist learns of archived studies through the archive's index events: wait for each demo study's row.
            IReadOnlyList<PatientStudy> found;
            while ((found = await worklist.SearchPatientStudiesAsync(new PatientSearch(patient, null, null))).Count == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the demo study of {patient} never reached the worklist");
                await Task.Delay(200);
            }
            Studies[patient] = Assert.Single(found).Study.StudyInstanceUid;
        }

        // The CT and the MR reported Final: each signed report is delivered into its study as an SR by the outbox; wait
        // for both, so the figures stay still. Only its hold (placed by the test) will then keep the MR.
        var seeder = new ReportSeeder(_factory.Services);
        foreach (var patient in new[] { "DEMO^CT", "DEMO^MR" })
        {
            var before = await InstancesOfStudyAsync(Studies[patient]);
            await seeder.FinalAsync(new StudyKey(ReportSeeder.Source, Studies[patient]), "Synthetic findings.", "Synthetic impression.");
            while (await InstancesOfStudyAsync(Studies[patient]) == before)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the Final report of {patient} never reached the archive");
                await Task.Delay(200);
            }
        }
        await seeder.DraftAsync(new StudyKey(ReportSeeder.Source, Studies["DEMO^CR"]), "Draft findings, not signed.");
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    /// <summary>The archive's own count of objects per series modality, read through its query interface.</summary>
    public async Task<SortedDictionary<string, int>> ArchiveObjectsByModalityAsync()
    {
        var archive = _factory.Services.GetRequiredService<LocalArchive>();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var study in archive.SearchStudiesAsync(new StudyQuery()))
        {
            var studyUid = study.GetFirstString(DicomTags.StudyInstanceUID)!;
            await foreach (var series in archive.SearchSeriesAsync(studyUid))
            {
                var modality = series.GetFirstString(DicomTags.Modality) ?? "";
                await foreach (var _ in archive.SearchInstancesAsync(studyUid, series.GetFirstString(DicomTags.SeriesInstanceUID)!))
                {
                    counts[modality] = counts.GetValueOrDefault(modality) + 1;
                }
            }
        }
        return counts;
    }

    private async Task<int> InstancesOfStudyAsync(string studyUid)
    {
        var archive = _factory.Services.GetRequiredService<LocalArchive>();
        var count = 0;
        await foreach (var series in archive.SearchSeriesAsync(studyUid))
        {
            await foreach (var _ in archive.SearchInstancesAsync(studyUid, series.GetFirstString(DicomTags.SeriesInstanceUID)!))
            {
                count++;
            }
        }
        return count;
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
