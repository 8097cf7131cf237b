using PacsViewer.Core.Data;

namespace PacsViewer.Tests.Core.Audit;

/// <summary><see cref="AuditQueryServiceTests"/> on SQLite (times stored as integers).</summary>
public sealed class SqliteAuditQueryServiceTests : AuditQueryServiceTests
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });
}
