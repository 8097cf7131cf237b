using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PacsViewer.Core.Data;

/// <summary>For <c>dotnet ef migrations add</c> only: the PostgreSQL context (no server is contacted).</summary>
internal sealed class PostgresPacsViewerDbContextFactory : IDesignTimeDbContextFactory<PostgresPacsViewerDbContext>
{
    public PostgresPacsViewerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPacsViewerDbContext>()
            .UseConfiguredDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=127.0.0.1;Database=design" },
                PacsViewerDbContext.MigrationsHistoryTable).Options);
}
