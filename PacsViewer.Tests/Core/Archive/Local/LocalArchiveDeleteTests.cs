using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;

namespace PacsViewer.Tests.Core.Archive.Local;

/// <summary>Deleting a study from the built-in archive (SQLite; retention's suites run it on PostgreSQL too).</summary>
public sealed class LocalArchiveDeleteTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new("pacs-archive-delete-");
    private LocalArchive? _archive;

    private LocalArchive Archive => _archive ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        var database = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={_root.File("index.db")};Pooling=False" };
        _archive = new LocalArchive(new ArchiveDatabase(database), new ArchiveOptions { Path = _root.File("archive") });
        await _archive.InitializeAsync();
    }

    public Task DisposeAsync()
    {
        _archive?.Dispose();
        _root.Dispose();
        return Task.CompletedTask;
    }

    private string[] Files() => Directory.EnumerateFiles(Path.Combine(Archive.RootPath, "objects"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    private async Task StoreAsync(string study, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            Assert.Equal(ArchiveStoreOutcome.Stored, (await Archive.AddAsync(ArchiveTestObjects.Create(study, study + ".1", $"{study}.1.{i}", instanceNumber: i))).Outcome);
        }
    }

    [Fact]
    public async Task DeleteStudyAsync_StoredStudy_RowsAndFilesGoneOtherStudyUntouched()
    {
        await StoreAsync("2.25.61", 2);
        var before = Files();
        await StoreAsync("2.25.62", 3);
        var bytes = Files().Except(before).Sum(f => new FileInfo(f).Length);

        var result = await Archive.DeleteStudyAsync("2.25.62");

        Assert.Equal(new ArchiveDeleteResult("2.25.62", ArchiveDeleteOutcome.Deleted, 3, bytes), result);
        Assert.Equal(before, Files());
        Assert.False(await Archive.ContainsAsync(new InstanceKey("2.25.62", "2.25.62.1", "2.25.62.1.1")));
        Assert.True(await Archive.ContainsAsync(new InstanceKey("2.25.61", "2.25.61.1", "2.25.61.1.2")));
        // Stored again afterwards: a new object, not a duplicate of a row left behind.
        Assert.Equal(ArchiveStoreOutcome.Stored, (await Archive.AddAsync(ArchiveTestObjects.Create("2.25.62", "2.25.62.1", "2.25.62.1.1"))).Outcome);
    }

    [Fact]
    public async Task DeleteStudyAsync_Vetoed_NothingChangesAndTheReasonIsReturned()
    {
        await StoreAsync("2.25.63", 2);
        var before = Files();

        var result = await Archive.DeleteStudyAsync("2.25.63", _ => Task.FromResult<string?>("hold: synthetic"));

        Assert.Equal((ArchiveDeleteOutcome.Vetoed, "hold: synthetic", 0L), (result.Outcome, result.Reason, result.Objects));
        Assert.Equal(before, Files());
        Assert.True(await Archive.ContainsAsync(new InstanceKey("2.25.63", "2.25.63.1", "2.25.63.1.2")));
    }

    [Fact]
    public async Task DeleteStudyAsync_UnknownStudy_NotFoundAndTheVetoIsNotAsked()
    {
        await StoreAsync("2.25.64", 1);
        var asked = false;

        var result = await Archive.DeleteStudyAsync("2.25.999", _ =>
        {
            asked = true;
            return Task.FromResult<string?>(null);
        });

        Assert.Equal((ArchiveDeleteOutcome.NotFound, false), (result.Outcome, asked));
        Assert.Single(Files());
    }
}
