using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Archive.Local.Index;

/// <summary>For <c>dotnet ef migrations add</c> only: the SQLite context with a placeholder database.</summary>
internal sealed class SqliteArchiveDbContextFactory : IDesignTimeDbContextFactory<SqliteArchiveDbContext>
{
    public SqliteArchiveDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteArchiveDbContext>()
            .UseConfiguredDatabase(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design.db" },
                ArchiveDbContext.MigrationsHistoryTable).Options);
}
