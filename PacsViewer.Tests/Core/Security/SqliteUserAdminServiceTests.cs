using PacsViewer.Core.Data;

namespace PacsViewer.Tests.Core.Security;

/// <summary><see cref="UserAdminServiceTests"/> on SQLite.</summary>
public sealed class SqliteUserAdminServiceTests : UserAdminServiceTests
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });
}
