using PacsViewer.Core.Data;

namespace PacsViewer.Tests.Core.Archive.Local;

/// <summary>The archive suite on SQLite (a file in the test's temporary folder).</summary>
public sealed class SqliteLocalArchiveTests : LocalArchiveTests
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "index.db")}" });
}
