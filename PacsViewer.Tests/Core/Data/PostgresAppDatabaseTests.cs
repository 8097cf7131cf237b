using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Data;

/// <summary><see cref="AppDatabaseTests"/> on PostgreSQL: a throwaway cluster for the class, a new database per test.</summary>
public sealed class PostgresAppDatabaseTests(PostgresServer server) : AppDatabaseTests, IClassFixture<PostgresServer>
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("appdata") };
}
