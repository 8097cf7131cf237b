using Microsoft.EntityFrameworkCore;

namespace PacsViewer.Core.Data;

/// <summary>The app database on PostgreSQL; its migrations are in Data/Migrations/Postgres.</summary>
public sealed class PostgresPacsViewerDbContext(DbContextOptions<PostgresPacsViewerDbContext> options) : PacsViewerDbContext(options);
