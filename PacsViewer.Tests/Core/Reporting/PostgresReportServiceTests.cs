using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Reporting;

/// <summary><see cref="ReportServiceTests"/> on PostgreSQL: one throwaway cluster for the collection, a new database per test.</summary>
[Collection(AppDatabasePostgresCollection.Name)]
public sealed class PostgresReportServiceTests(PostgresServer server) : ReportServiceTests
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("reports") };
}
