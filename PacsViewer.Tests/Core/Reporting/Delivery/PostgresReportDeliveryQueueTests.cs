using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Reporting.Delivery;

/// <summary><see cref="ReportDeliveryQueueTests"/> on PostgreSQL: a throwaway cluster for the class, a new database per test.</summary>
public sealed class PostgresReportDeliveryQueueTests(PostgresServer server) : ReportDeliveryQueueTests, IClassFixture<PostgresServer>
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("outbox") };
}
