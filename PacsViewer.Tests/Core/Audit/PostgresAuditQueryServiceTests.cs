using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Audit;

/// <summary><see cref="AuditQueryServiceTests"/> on PostgreSQL.</summary>
[Collection(AppDatabasePostgresCollection.Name)]
public sealed class PostgresAuditQueryServiceTests(PostgresServer server) : AuditQueryServiceTests
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("auditquery") };
}
