using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Data;

/// <summary><see cref="AppDatabaseTests"/> on PostgreSQL: one throwaway cluster for the collection, a new database per test.</summary>
[Collection(AppDatabasePostgresCollection.Name)]
public sealed class PostgresAppDatabaseTests(PostgresServer server) : AppDatabaseTests
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("appdata") };
}
