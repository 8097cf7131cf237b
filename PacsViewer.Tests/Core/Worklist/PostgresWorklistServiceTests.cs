using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Worklist;

/// <summary><see cref="WorklistServiceTests"/> on PostgreSQL: one throwaway cluster for the collection, a new database per test.</summary>
[Collection(AppDatabasePostgresCollection.Name)]
public sealed class PostgresWorklistServiceTests(PostgresServer server) : WorklistServiceTests
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("worklist") };
}
