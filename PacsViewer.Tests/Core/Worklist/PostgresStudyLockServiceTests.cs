using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Worklist;

/// <summary><see cref="StudyLockServiceTests"/> on PostgreSQL: one throwaway cluster for the collection, a new database per test.</summary>
[Collection(AppDatabasePostgresCollection.Name)]
public sealed class PostgresStudyLockServiceTests(PostgresServer server) : StudyLockServiceTests
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("locks") };
}
