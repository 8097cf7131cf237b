using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Audit;

/// <summary><see cref="DatabaseAuditLogTests"/> on PostgreSQL.</summary>
[Collection(AppDatabasePostgresCollection.Name)]
public sealed class PostgresDatabaseAuditLogTests(PostgresServer server) : DatabaseAuditLogTests
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("audit") };
}
