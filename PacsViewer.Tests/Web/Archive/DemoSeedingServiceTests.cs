using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Web.Archive;

namespace PacsViewer.Tests.Web.Archive;

/// <summary>The app in Development seeds its empty archive once, in the background, and the archive then answers searches.</summary>
public sealed class DemoSeedingServiceTests : IDisposable
{
    /// <summary>A hang detector only: seeding takes seconds.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(5);

    private readonly string _folder = Directory.CreateTempSubdirectory("pacs-web-seed-").FullName;

    [Fact]
    public async Task Start_DevelopmentEmptyArchive_SeedsDemoStudiesOnceAndSearchFindsThem()
    {
        using (var factory = new SeedingFactory(_folder))
        {
            using var client = factory.CreateClient();
            var seeding = factory.Services.GetRequiredService<DemoSeedingService>();
            Assert.Equal(DemoStudyGenerator.ObjectCount, await seeding.Completion.WaitAsync(Hang));

            var archive = factory.Services.GetServices<IStudySource>().Single(s => s.Id == "archive");
            var studies = new List<DicomDataset>();
            await foreach (var study in archive.SearchStudiesAsync(new StudyQuery { PatientName = "DEMO^*" }))
            {
                studies.Add(study);
            }
            Assert.Equal(["CR", "CT", "MR", "US"], studies.Select(s => s.GetFirstString(DicomTags.ModalitiesInStudy) ?? "").Order(StringComparer.Ordinal));
            Assert.True(File.Exists(Path.Combine(_folder, "pacsviewer.db")));
        }

        // A second start finds studies and does not seed again.
        using (var again = new SeedingFactory(_folder))
        {
            using var client = again.CreateClient();
            Assert.Equal(0, await again.Services.GetRequiredService<DemoSeedingService>().Completion.WaitAsync(Hang));
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class SeedingFactory(string folder) : PacsViewerWebApplicationFactory(folder, seedDemo: true, ownsFolder: false);
}
