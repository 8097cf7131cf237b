using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Archive.Local.Index;

/// <summary>
/// Makes short-lived <see cref="ArchiveDbContext"/>s of the configured provider (one per operation, as EF Core
/// contexts are not thread-safe) and applies the archive's migrations.
/// </summary>
public sealed class ArchiveDatabase
{
    private readonly Func<ArchiveDbContext> _create;

    public ArchiveDatabase(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Provider = options.Provider;
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = new DbContextOptionsBuilder<SqliteArchiveDbContext>()
                    .UseConfiguredDatabase(options, ArchiveDbContext.MigrationsHistoryTable).Options;
                _create = () => new SqliteArchiveDbContext(sqlite);
                break;
            case DatabaseProvider.Postgres:
                var postgres = new DbContextOptionsBuilder<PostgresArchiveDbContext>()
                    .UseConfiguredDatabase(options, ArchiveDbContext.MigrationsHistoryTable).Options;
                _create = () => new PostgresArchiveDbContext(postgres);
                break;
            default:
                throw new InvalidOperationException($"Database:Provider {options.Provider} is not supported; use Sqlite or Postgres.");
        }
    }

    public DatabaseProvider Provider { get; }

    public ArchiveDbContext CreateContext() => _create();

    /// <summary>Creates or upgrades the index schema (idempotent). For SQLite, creates the file's folder first.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        if (Provider == DatabaseProvider.Sqlite)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(file) && file != ":memory:" && folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
        }
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }
}
