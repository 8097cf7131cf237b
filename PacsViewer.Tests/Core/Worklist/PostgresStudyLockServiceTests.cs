using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Worklist;

/// <summary><see cref="StudyLockServiceTests"/> on PostgreSQL: a throwaway cluster for the class, a new database per test.</summary>
public sealed class PostgresStudyLockServiceTests(PostgresServer server) : StudyLockServiceTests, IClassFixture<PostgresServer>
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("locks") };
}
