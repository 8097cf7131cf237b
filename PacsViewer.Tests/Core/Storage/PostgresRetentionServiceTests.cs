using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Storage;

/// <summary>The retention suite on PostgreSQL (a database per test in the shared cluster).</summary>
[Collection(AppDatabasePostgresCollection.Name)]
public sealed class PostgresRetentionServiceTests(PostgresServer server) : RetentionServiceTests
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("retention") };
}
