using PacsViewer.Core.Data;

namespace PacsViewer.Tests.Core.Distribution;

/// <summary><see cref="DatabaseTransferJobContextTests"/> on SQLite (a file in the test's temporary folder).</summary>
public sealed class SqliteDatabaseTransferJobContextTests : DatabaseTransferJobContextTests
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });
}
