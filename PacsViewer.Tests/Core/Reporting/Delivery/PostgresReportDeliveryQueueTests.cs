using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Reporting.Delivery;

/// <summary><see cref="ReportDeliveryQueueTests"/> on PostgreSQL: one throwaway cluster for the collection, a new database per test.</summary>
[Collection(AppDatabasePostgresCollection.Name)]
public sealed class PostgresReportDeliveryQueueTests(PostgresServer server) : ReportDeliveryQueueTests
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("outbox") };
}
