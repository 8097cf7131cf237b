using PacsViewer.Core.Data;

namespace PacsViewer.Tests.Core.Reporting;

/// <summary><see cref="ReportAuditTests"/> on SQLite.</summary>
public sealed class SqliteReportAuditTests : ReportAuditTests
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });
}
