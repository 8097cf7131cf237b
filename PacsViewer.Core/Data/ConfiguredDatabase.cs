using Microsoft.EntityFrameworkCore;

namespace PacsViewer.Core.Data;

/// <summary>
/// Makes short-lived contexts of the configured provider (one per operation: EF Core contexts are not thread-safe)
/// and applies their migrations. Each database (the archive index, the application's data) derives from it with its
/// SQLite and PostgreSQL context types and its own migrations history table.
/// </summary>
public abstract class ConfiguredDatabase<TContext> where TContext : DbContext
{
    private readonly Func<TContext> _create;

    protected ConfiguredDatabase(DatabaseOptions options, Func<DatabaseOptions, Func<TContext>> sqlite, Func<DatabaseOptions, Func<TContext>> postgres)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sqlite);
        ArgumentNullException.ThrowIfNull(postgres);
        Provider = options.Provider;
        _create = options.Provider switch
        {
            DatabaseProvider.Sqlite => sqlite(options),
            DatabaseProvider.Postgres => postgres(options),
            _ => throw new InvalidOperationException($"Database:Provider {options.Provider} is not supported; use Sqlite or Postgres."),
        };
    }

    public DatabaseProvider Provider { get; }

    public TContext CreateContext() => _create();

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

    /// <summary>A factory of one concrete context type over options built once from the configuration.</summary>
    protected static Func<TContext> Factory<TConcrete>(DatabaseOptions options, string migrationsHistoryTable,
        Func<DbContextOptions<TConcrete>, TConcrete> create) where TConcrete : TContext
    {
        ArgumentNullException.ThrowIfNull(create);
        var built = new DbContextOptionsBuilder<TConcrete>().UseConfiguredDatabase(options, migrationsHistoryTable).Options;
        return () => create(built);
    }
}
