using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Archive.Local.Index;

/// <summary>For <c>dotnet ef migrations add</c> only: the PostgreSQL context (no server is contacted).</summary>
internal sealed class PostgresArchiveDbContextFactory : IDesignTimeDbContextFactory<PostgresArchiveDbContext>
{
    public PostgresArchiveDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresArchiveDbContext>()
            .UseConfiguredDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=127.0.0.1;Database=design" },
                ArchiveDbContext.MigrationsHistoryTable).Options);
}
