using Microsoft.EntityFrameworkCore;

namespace PacsViewer.Core.Archive.Local.Index;

/// <summary>The archive index on PostgreSQL; its migrations are in Migrations/Postgres.</summary>
public sealed class PostgresArchiveDbContext(DbContextOptions<PostgresArchiveDbContext> options) : ArchiveDbContext(options);
