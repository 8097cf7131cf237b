using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Core.Data;

/// <summary>
/// The app database on PostgreSQL; its migrations are in Data/Migrations/Postgres. The worklist's match keys use the
/// C collation: bytewise order, as SQLite's BINARY, so a prefix search (<c>DOE*</c>) is an index range scan; under a
/// language collation (the cluster's default) PostgreSQL cannot use a plain index for LIKE 'DOE%'.
/// </summary>
public sealed class PostgresPacsViewerDbContext(DbContextOptions<PostgresPacsViewerDbContext> options) : PacsViewerDbContext(options)
{
    private const string Bytewise = "C";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<WorklistEntry>(e =>
        {
            e.Property(x => x.PatientNameKey).UseCollation(Bytewise);
            e.Property(x => x.StudyDescriptionKey).UseCollation(Bytewise);
            e.Property(x => x.PatientId).UseCollation(Bytewise);
            e.Property(x => x.AccessionNumber).UseCollation(Bytewise);
        });
    }
}
