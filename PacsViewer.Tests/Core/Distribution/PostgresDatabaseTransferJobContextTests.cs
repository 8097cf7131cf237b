using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Distribution;

/// <summary><see cref="DatabaseTransferJobContextTests"/> on PostgreSQL: the shared throwaway cluster, a new database per test.</summary>
[Collection(AppDatabasePostgresCollection.Name)]
public sealed class PostgresDatabaseTransferJobContextTests(PostgresServer server) : DatabaseTransferJobContextTests
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("transferjobctx") };
}
