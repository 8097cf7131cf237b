using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Security;

/// <summary><see cref="UserAdminServiceTests"/> on PostgreSQL.</summary>
[Collection(AppDatabasePostgresCollection.Name)]
public sealed class PostgresUserAdminServiceTests(PostgresServer server) : UserAdminServiceTests
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("users") };
}
