using Microsoft.EntityFrameworkCore;

namespace PacsViewer.Core.Archive.Local.Index;

/// <summary>
/// The built-in archive's index. The model is the same on every provider; each provider has a derived context
/// (<see cref="SqliteArchiveDbContext"/>, <see cref="PostgresArchiveDbContext"/>) that owns its migration set, so
/// <c>dotnet ef migrations add NAME --context SqliteArchiveDbContext</c> and the Postgres twin keep both in step.
/// </summary>
public abstract class ArchiveDbContext : DbContext
{
    /// <summary>The archive's own migration history table (other contexts may share the database).</summary>
    public const string MigrationsHistoryTable = "__ArchiveMigrationsHistory";

    /// <summary>Longest UID (PS3.5 9.1).</summary>
    private const int UidLength = 64;

    protected ArchiveDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<StudyRecord> Studies => Set<StudyRecord>();

    public DbSet<SeriesRecord> Series => Set<SeriesRecord>();

    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<StudyRecord>(study =>
        {
            study.ToTable("ArchiveStudies");
            study.Property(s => s.StudyInstanceUid).HasMaxLength(UidLength);
            study.HasIndex(s => s.StudyInstanceUid).IsUnique();
            // What study searches filter and sort on.
            study.HasIndex(s => s.PatientNameKey);
            study.HasIndex(s => s.PatientId);
            study.HasIndex(s => s.StudyDate);
            study.HasIndex(s => s.AccessionNumber);
            study.Property(s => s.PatientBirthDate).HasMaxLength(8);
            study.Property(s => s.StudyDate).HasMaxLength(8);
            study.Property(s => s.PatientSex).HasMaxLength(16);
            study.Property(s => s.AccessionNumber).HasMaxLength(64);
            study.Property(s => s.PatientId).HasMaxLength(64);
            study.Property(s => s.StudyTime).HasMaxLength(32);
            study.Property(s => s.StudyId).HasMaxLength(32);
            study.HasMany(s => s.Series).WithOne(s => s.Study).HasForeignKey(s => s.StudyId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SeriesRecord>(series =>
        {
            series.ToTable("ArchiveSeries");
            series.Property(s => s.SeriesInstanceUid).HasMaxLength(UidLength);
            series.HasIndex(s => s.SeriesInstanceUid).IsUnique();
            series.HasIndex(s => new { s.StudyId, s.Modality });
            series.Property(s => s.Modality).HasMaxLength(16);
            series.HasMany(s => s.Instances).WithOne(i => i.Series).HasForeignKey(i => i.SeriesId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<InstanceRecord>(instance =>
        {
            instance.ToTable("ArchiveInstances");
            instance.Property(i => i.SopInstanceUid).HasMaxLength(UidLength);
            instance.Property(i => i.SopClassUid).HasMaxLength(UidLength);
            instance.Property(i => i.TransferSyntaxUid).HasMaxLength(UidLength);
            instance.HasIndex(i => i.SopInstanceUid).IsUnique();
            instance.HasIndex(i => new { i.SeriesId, i.InstanceNumber });
            instance.Property(i => i.FilePath).HasMaxLength(260);
        });
    }
}
