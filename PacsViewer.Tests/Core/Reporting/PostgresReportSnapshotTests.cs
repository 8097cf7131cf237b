using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Reporting;

/// <summary><see cref="ReportSnapshotTests"/> on PostgreSQL: the collection's throwaway cluster, a new database per test.</summary>
[Collection(AppDatabasePostgresCollection.Name)]
public sealed class PostgresReportSnapshotTests(PostgresServer server) : ReportSnapshotTests
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("snapshots") };
}
