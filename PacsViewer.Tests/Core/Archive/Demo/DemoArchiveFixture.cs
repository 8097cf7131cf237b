using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;

namespace PacsViewer.Tests.Core.Archive.Demo;

/// <summary>A SQLite-indexed archive in a temporary folder, seeded once with the demo studies of a fixed seed.</summary>
public sealed class DemoArchiveFixture : IAsyncLifetime
{
    public const string Seed = "demo-tests";

    private readonly string _folder = Directory.CreateTempSubdirectory("pacs-demo-").FullName;

    public LocalArchive Archive { get; private set; } = null!;

    public int Seeded { get; private set; }

    public string ObjectsFolder => Path.Combine(Archive.RootPath, "objects");

    public async Task InitializeAsync()
    {
        var database = new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "index.db")}" };
        Archive = new LocalArchive(new ArchiveDatabase(database), new ArchiveOptions { Path = Path.Combine(_folder, "archive") });
        await Archive.InitializeAsync();
        Seeded = await DemoSeeder.SeedIfEmptyAsync(Archive, new DemoStudyGenerator(Seed));
    }

    public Task DisposeAsync()
    {
        Archive.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
