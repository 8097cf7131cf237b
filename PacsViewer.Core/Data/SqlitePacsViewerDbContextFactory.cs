using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PacsViewer.Core.Data;

/// <summary>For <c>dotnet ef migrations add</c> only: the SQLite context with a placeholder database.</summary>
internal sealed class SqlitePacsViewerDbContextFactory : IDesignTimeDbContextFactory<SqlitePacsViewerDbContext>
{
    public SqlitePacsViewerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePacsViewerDbContext>()
            .UseConfiguredDatabase(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design.db" },
                PacsViewerDbContext.MigrationsHistoryTable).Options);
}
