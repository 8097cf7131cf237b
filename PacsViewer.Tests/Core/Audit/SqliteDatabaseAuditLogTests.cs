using PacsViewer.Core.Data;

namespace PacsViewer.Tests.Core.Audit;

/// <summary><see cref="DatabaseAuditLogTests"/> on SQLite.</summary>
public sealed class SqliteDatabaseAuditLogTests : DatabaseAuditLogTests
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });
}
