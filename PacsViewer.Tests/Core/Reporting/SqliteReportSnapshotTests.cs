using PacsViewer.Core.Data;

namespace PacsViewer.Tests.Core.Reporting;

/// <summary><see cref="ReportSnapshotTests"/> on SQLite (a file in the test's temporary folder).</summary>
public sealed class SqliteReportSnapshotTests : ReportSnapshotTests
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });
}
