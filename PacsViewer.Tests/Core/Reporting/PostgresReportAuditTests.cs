using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Reporting;

/// <summary><see cref="ReportAuditTests"/> on PostgreSQL.</summary>
[Collection(AppDatabasePostgresCollection.Name)]
public sealed class PostgresReportAuditTests(PostgresServer server) : ReportAuditTests
{
    protected override async Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        new() { Provider = DatabaseProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync("reportaudit") };
}
