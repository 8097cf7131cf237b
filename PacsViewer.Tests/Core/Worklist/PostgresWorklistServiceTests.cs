using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Worklist;

/// <summary><see cref="WorklistServiceTests"/> on PostgreSQL: a throwaway cluster for the class, a new database per test.</summary>
public sealed class PostgresWorklistServiceTests(PostgresServer server) : WorklistServiceTests, IClassFixture<PostgresServer>
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("worklist") };
}
