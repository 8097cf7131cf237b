using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Storage;

/// <summary>The suite on PostgreSQL (a database per test in the shared cluster).</summary>
[Collection(AppDatabasePostgresCollection.Name)]
public sealed class PostgresRetentionUnreportedTests(PostgresServer server) : RetentionUnreportedTests
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("unreported") };
}
