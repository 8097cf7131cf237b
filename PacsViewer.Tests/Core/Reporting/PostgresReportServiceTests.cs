using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Reporting;

/// <summary><see cref="ReportServiceTests"/> on PostgreSQL: a throwaway cluster for the class, a new database per test.</summary>
public sealed class PostgresReportServiceTests(PostgresServer server) : ReportServiceTests, IClassFixture<PostgresServer>
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("reports") };
}
