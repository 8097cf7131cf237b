using PacsViewer.Core.Data;

namespace PacsViewer.Core.Archive.Local.Index;

/// <summary>
/// Makes short-lived <see cref="ArchiveDbContext"/>s of the configured provider (one per operation, as EF Core
/// contexts are not thread-safe) and applies the archive index's migrations.
/// </summary>
public sealed class ArchiveDatabase(DatabaseOptions options) : ConfiguredDatabase<ArchiveDbContext>(options,
    o => Factory<SqliteArchiveDbContext>(o, ArchiveDbContext.MigrationsHistoryTable, x => new SqliteArchiveDbContext(x)),
    o => Factory<PostgresArchiveDbContext>(o, ArchiveDbContext.MigrationsHistoryTable, x => new PostgresArchiveDbContext(x)));
