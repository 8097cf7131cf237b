using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Storage;

/// <summary>The retention suite on SQLite (a file in the test's folder).</summary>
public sealed class SqliteRetentionServiceTests : RetentionServiceTests
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) => Task.FromResult(Sqlite(folder));

    internal static DatabaseOptions Sqlite(string folder) =>
        new() { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" };
}
