using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Archive.Local;

/// <summary>The archive suite on PostgreSQL: a throwaway cluster for the class, a new database per test.</summary>
public sealed class PostgresLocalArchiveTests(PostgresServer server) : LocalArchiveTests, IClassFixture<PostgresServer>
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("archive") };
}
