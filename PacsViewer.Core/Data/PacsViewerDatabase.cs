namespace PacsViewer.Core.Data;

/// <summary>
/// Makes short-lived <see cref="PacsViewerDbContext"/>s of the configured provider (one per operation: contexts are
/// not thread-safe, and the worklist's lock claims must each run on their own connection) and applies the migrations.
/// </summary>
public sealed class PacsViewerDatabase(DatabaseOptions options) : ConfiguredDatabase<PacsViewerDbContext>(options,
    o => Factory<SqlitePacsViewerDbContext>(o, PacsViewerDbContext.MigrationsHistoryTable, x => new SqlitePacsViewerDbContext(x)),
    o => Factory<PostgresPacsViewerDbContext>(o, PacsViewerDbContext.MigrationsHistoryTable, x => new PostgresPacsViewerDbContext(x)));
