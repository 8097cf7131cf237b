using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Storage;

/// <summary>The suite on SQLite (a file in the test's folder).</summary>
public sealed class SqliteRetentionUnreportedTests : RetentionUnreportedTests
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) => Task.FromResult(SqliteRetentionServiceTests.Sqlite(folder));
}
