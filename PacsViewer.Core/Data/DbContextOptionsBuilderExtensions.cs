using Microsoft.EntityFrameworkCore;

namespace PacsViewer.Core.Data;

/// <summary>Points a context at the configured provider; each context keeps its own migration history table.</summary>
public static class DbContextOptionsBuilderExtensions
{
    /// <param name="builder">The options of one context.</param>
    /// <param name="options">Provider and connection string.</param>
    /// <param name="migrationsHistoryTable">The context's own history table, so several contexts can share one
    /// database and migrate independently.</param>
    public static TBuilder UseConfiguredDatabase<TBuilder>(this TBuilder builder, DatabaseOptions options,
        string migrationsHistoryTable)
        where TBuilder : DbContextOptionsBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (options.Provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException(
                    $"Database:Provider is {options.Provider} but ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set.");
            }
            connectionString = $"Data Source={DatabaseOptions.DefaultSqliteFile}";
        }
        var timeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(connectionString, o => o.MigrationsHistoryTable(migrationsHistoryTable).CommandTimeout(timeout));
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(connectionString, o => o.MigrationsHistoryTable(migrationsHistoryTable).CommandTimeout(timeout));
                break;
            default:
                throw new InvalidOperationException($"Database:Provider {options.Provider} is not supported; use Sqlite or Postgres.");
        }
        return builder;
    }
}
