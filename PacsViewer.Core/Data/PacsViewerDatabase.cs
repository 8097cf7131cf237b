using Microsoft.EntityFrameworkCore;

namespace PacsViewer.Core.Data;

/// <summary>
/// Makes short-lived <see cref="PacsViewerDbContext"/>s of the configured provider (one per operation: contexts are
/// not thread-safe, and the worklist's lock claims must each run on their own connection) and applies the migrations.
/// </summary>
public sealed class PacsViewerDatabase
{
    private readonly Func<PacsViewerDbContext> _create;

    public PacsViewerDatabase(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Provider = options.Provider;
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = new DbContextOptionsBuilder<SqlitePacsViewerDbContext>()
                    .UseConfiguredDatabase(options, PacsViewerDbContext.MigrationsHistoryTable).Options;
                _create = () => new SqlitePacsViewerDbContext(sqlite);
                break;
            case DatabaseProvider.Postgres:
                var postgres = new DbContextOptionsBuilder<PostgresPacsViewerDbContext>()
                    .UseConfiguredDatabase(options, PacsViewerDbContext.MigrationsHistoryTable).Options;
                _create = () => new PostgresPacsViewerDbContext(postgres);
                break;
            default:
                throw new InvalidOperationException($"Database:Provider {options.Provider} is not supported; use Sqlite or Postgres.");
        }
    }

    public DatabaseProvider Provider { get; }

    public PacsViewerDbContext CreateContext() => _create();

    /// <summary>Creates or upgrades the schema (idempotent). For SQLite, creates the file's folder first.</summary>
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
