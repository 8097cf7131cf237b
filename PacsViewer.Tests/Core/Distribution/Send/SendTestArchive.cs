using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Distribution.Send;

/// <summary>A built-in archive (SQLite index) in a temporary folder, for the source side of send tests.</summary>
internal sealed class SendTestArchive : IDisposable
{
    private SendTestArchive(TempDirectory root, LocalArchive archive)
    {
        Root = root;
        Archive = archive;
    }

    public TempDirectory Root { get; }

    public LocalArchive Archive { get; }

    public static async Task<SendTestArchive> CreateAsync()
    {
        var root = new TempDirectory("pacsviewer-send-");
        var database = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={root.File("index.db")}" };
        var archive = new LocalArchive(new ArchiveDatabase(database), new ArchiveOptions { Path = root.File("archive") });
        await archive.InitializeAsync();
        return new SendTestArchive(root, archive);
    }

    /// <summary>A new study of <paramref name="samples"/> under fresh UIDs, stored in the archive.</summary>
    public async Task<SendTestStudy> AddStudyAsync(params string[] samples)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root.Path, "study-" + Guid.NewGuid().ToString("N"))).FullName;
        var study = SendTestStudy.Create(folder, samples);
        foreach (var file in study.Files)
        {
            var result = await Archive.AddAsync(DicomFile.Open(file.Path));
            Assert.Equal(ArchiveStoreOutcome.Stored, result.Outcome);
        }
        return study;
    }

    public void Dispose()
    {
        Archive.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Root.Dispose();
    }
}
