using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace PacsViewer.Tests.Web;

/// <summary>
/// The app under test (Development, like <see cref="WebApplicationFactory{TEntryPoint}"/>) with its archive and
/// SQLite database in a temporary folder that is deleted afterwards, never the repository's data folder. Demo
/// seeding is off unless asked for.
/// </summary>
public class PacsViewerWebApplicationFactory : WebApplicationFactory<Program>
{
    private readonly bool _ownsFolder;

    public PacsViewerWebApplicationFactory() : this(Directory.CreateTempSubdirectory("pacs-web-").FullName, seedDemo: false, ownsFolder: true)
    {
    }

    /// <param name="dataFolder">Where the archive and database live (kept by the caller when <paramref name="ownsFolder"/> is false).</param>
    protected PacsViewerWebApplicationFactory(string dataFolder, bool seedDemo, bool ownsFolder)
    {
        DataFolder = dataFolder;
        SeedDemo = seedDemo;
        _ownsFolder = ownsFolder;
    }

    public string DataFolder { get; }

    public bool SeedDemo { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Archive:Path"] = Path.Combine(DataFolder, "archive"),
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:PacsViewer"] = $"Data Source={Path.Combine(DataFolder, "pacsviewer.db")};Pooling=False",
            ["Demo:SeedArchive"] = SeedDemo ? "true" : "false",
        }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsFolder && Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }
}
