using Microsoft.EntityFrameworkCore;

namespace PacsViewer.Core.Archive.Local.Index;

/// <summary>The archive index on SQLite; its migrations are in Migrations/Sqlite.</summary>
public sealed class SqliteArchiveDbContext(DbContextOptions<SqliteArchiveDbContext> options) : ArchiveDbContext(options);
