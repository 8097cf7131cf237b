using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Reporting.Delivery;
using PacsViewer.Core.Security;
using PacsViewer.Core.Storage;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Core.Data;

/// <summary>
/// The app's own database: Identity users and roles, the worklist's reading state and locks, reports with their
/// history, templates and phrases, and the report delivery outbox. Like the archive index, each provider has a derived
/// context owning its migration set (<see cref="SqlitePacsViewerDbContext"/>, <see cref="PostgresPacsViewerDbContext"/>)
/// and the context has its own migration history table, so it shares the database with the archive index.
/// </summary>
/// <remarks>
/// <see cref="SaveChanges(bool)"/> is a second guard behind the services: it refuses to change or delete a Final
/// report, and to change or delete a history row, an addendum, a critical-result record.
/// </remarks>
public abstract class PacsViewerDbContext : IdentityDbContext<PacsUser, PacsRole, string>
{
    /// <summary>This context's own migration history table.</summary>
    public const string MigrationsHistoryTable = "__PacsViewerMigrationsHistory";

    /// <summary>The audit trail's table (append-only, guarded by triggers on both providers).</summary>
    public const string AuditEventsTable = "AuditEvents";

    /// <summary>The break-glass grants' table (append-only, guarded by triggers on both providers).</summary>
    public const string BreakGlassGrantsTable = "BreakGlassGrants";

    /// <summary>Longest UID (PS3.5 9.1).</summary>
    private const int UidLength = 64;

    private const int NameLength = 256;

    protected PacsViewerDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<WorklistEntry> WorklistEntries => Set<WorklistEntry>();

    public DbSet<SavedWorklistFilter> SavedWorklistFilters => Set<SavedWorklistFilter>();

    public DbSet<Report> Reports => Set<Report>();

    public DbSet<ReportVersion> ReportVersions => Set<ReportVersion>();

    public DbSet<ReportAddendum> ReportAddenda => Set<ReportAddendum>();

    public DbSet<CriticalResult> CriticalResults => Set<CriticalResult>();

    public DbSet<ReportTemplate> ReportTemplates => Set<ReportTemplate>();

    public DbSet<ReportPhrase> ReportPhrases => Set<ReportPhrase>();

    public DbSet<ReportDeliveryItem> ReportDeliveries => Set<ReportDeliveryItem>();

    /// <summary>The append-only audit trail.</summary>
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    /// <summary>Break-glass grants (append-only).</summary>
    public DbSet<BreakGlassGrant> BreakGlassGrants => Set<BreakGlassGrant>();

    /// <summary>PACS connections managed in the app (beside the configured <c>Pacs:Sources</c>).</summary>
    public DbSet<PacsConnection> PacsConnections => Set<PacsConnection>();

    /// <summary>Persistent transfer jobs: send, export, upload (issue 8).</summary>
    public DbSet<TransferJob> TransferJobs => Set<TransferJob>();

    /// <summary>The objects of each transfer job with their outcome.</summary>
    public DbSet<TransferJobItem> TransferJobItems => Set<TransferJobItem>();

    /// <summary>Which roles may send, export, upload (as an admin set them).</summary>
    public DbSet<DistributionPermission> DistributionPermissions => Set<DistributionPermission>();

    /// <summary>The built-in archive's retention rules.</summary>
    public DbSet<RetentionRule> RetentionRules => Set<RetentionRule>();

    /// <summary>Holds that keep studies from retention.</summary>
    public DbSet<StudyHold> StudyHolds => Set<StudyHold>();

    /// <summary>Periodic measurements of stored objects and bytes (the storage screen's growth).</summary>
    public DbSet<StorageSample> StorageSamples => Set<StorageSample>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardImmutable();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardImmutable();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void GuardImmutable()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry is { Entity: WorklistEntry worklistEntry, State: EntityState.Added or EntityState.Modified })
            {
                worklistEntry.RefreshKeys();
            }
            if (entry.State is not (EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case Report report when OriginalStatus(entry) == ReportStatus.Final:
                    throw new ReportImmutableException(report.Id, "a Final report never changes; add an addendum instead");
                case ReportVersion or ReportAddendum or CriticalResult:
                    throw new ReportImmutableException(null, $"{entry.Entity.GetType().Name} rows are append-only");
                case AuditEvent or BreakGlassGrant:
                    throw new AuditLogAppendOnlyException();
            }
        }
    }

    private static ReportStatus OriginalStatus(EntityEntry entry) =>
        entry.OriginalValues.GetValue<ReportStatus>(nameof(Report.Status));

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);

        builder.Entity<WorklistEntry>(e =>
        {
            e.ToTable("WorklistEntries");
            e.Property(x => x.SourceName).HasMaxLength(64);
            e.Property(x => x.StudyInstanceUid).HasMaxLength(UidLength);
            e.HasIndex(x => new { x.SourceName, x.StudyInstanceUid }).IsUnique();
            e.Property(x => x.PatientId).HasMaxLength(64);
            e.Property(x => x.PatientBirthDate).HasMaxLength(8);
            e.Property(x => x.PatientSex).HasMaxLength(16);
            e.Property(x => x.StudyDate).HasMaxLength(8);
            e.Property(x => x.StudyTime).HasMaxLength(32);
            e.Property(x => x.AccessionNumber).HasMaxLength(64);
            e.Property(x => x.StudyId).HasMaxLength(32);
            e.Property(x => x.AssignedTo).HasMaxLength(NameLength);
            e.Property(x => x.LockedBy).HasMaxLength(NameLength);
            // What the worklist grid sorts and filters on (WorklistService.Sort and Apply): one index per sort column
            // ending in Id, read forwards for ascending and backwards for descending pages, so a page is an index walk
            // of offset + limit entries and never a sort of the whole table. The reading order, date, status and
            // assignee indexes also carry the small filter columns (status, priority, assignee, date and time,
            // modalities): rows failing those filters are rejected from the index entry (SQLite defers the table
            // lookup until a column outside the index is needed), and the counts of such filters and the page's Ids
            // read the index alone (SQLite's covering index, PostgreSQL's index-only scan). Patient name and ID,
            // accession and description have their own.
            e.HasIndex(x => new { x.Priority, x.StudyDate, x.StudyTime, x.Id, x.Status, x.AssignedTo, x.ModalitiesKey }, "IX_WorklistEntries_ReadingOrder")
                .IsDescending(false, true, true, false, false, false, false);
            e.HasIndex(x => new { x.StudyDate, x.StudyTime, x.Id, x.Status, x.Priority, x.AssignedTo, x.ModalitiesKey }, "IX_WorklistEntries_DateOrder");
            e.HasIndex(x => new { x.Status, x.Id, x.Priority, x.AssignedTo, x.StudyDate, x.StudyTime, x.ModalitiesKey }, "IX_WorklistEntries_StatusOrder");
            e.HasIndex(x => new { x.AssignedTo, x.Id, x.Status, x.Priority, x.StudyDate, x.StudyTime, x.ModalitiesKey }, "IX_WorklistEntries_AssigneeOrder");
            e.HasIndex(x => new { x.PatientNameKey, x.Id });
            e.HasIndex(x => new { x.PatientId, x.Id });
            e.HasIndex(x => new { x.AccessionNumber, x.Id });
            e.HasIndex(x => new { x.Modalities, x.Id });
            e.HasIndex(x => new { x.StudyDescriptionKey, x.Id });
        });

        builder.Entity<SavedWorklistFilter>(e =>
        {
            e.ToTable("SavedWorklistFilters");
            e.Property(x => x.UserName).HasMaxLength(NameLength);
            e.Property(x => x.Name).HasMaxLength(128);
            e.HasIndex(x => new { x.UserName, x.Name }).IsUnique();
        });

        builder.Entity<Report>(e =>
        {
            e.ToTable("Reports");
            e.HasOne(x => x.WorklistEntry).WithMany().HasForeignKey(x => x.WorklistEntryId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.WorklistEntryId).IsUnique();
            e.Property(x => x.AuthorUserName).HasMaxLength(NameLength);
            e.Property(x => x.AuthorDisplayName).HasMaxLength(NameLength);
            e.Property(x => x.RowVersion).IsConcurrencyToken();
            e.Ignore(x => x.Content);
            e.HasMany(x => x.Addenda).WithOne().HasForeignKey(a => a.ReportId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ReportAddendum>(e =>
        {
            e.ToTable("ReportAddenda");
            e.HasIndex(x => new { x.ReportId, x.Version }).IsUnique();
            e.Property(x => x.AuthorUserName).HasMaxLength(NameLength);
            e.Property(x => x.AuthorDisplayName).HasMaxLength(NameLength);
        });

        builder.Entity<ReportVersion>(e =>
        {
            e.ToTable("ReportVersions");
            e.HasOne<Report>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.ReportId, x.RowVersion }).IsUnique();
            e.Property(x => x.UserName).HasMaxLength(NameLength);
            e.Ignore(x => x.Content);
        });

        builder.Entity<CriticalResult>(e =>
        {
            e.ToTable("CriticalResults");
            e.HasOne<Report>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.ReportId);
            e.Property(x => x.CommunicatedTo).HasMaxLength(NameLength);
            e.Property(x => x.RecordedBy).HasMaxLength(NameLength);
        });

        builder.Entity<ReportTemplate>(e =>
        {
            e.ToTable("ReportTemplates");
            e.Property(x => x.Name).HasMaxLength(128);
            e.Property(x => x.Modality).HasMaxLength(16);
            e.Property(x => x.BodyPart).HasMaxLength(64);
            e.HasIndex(x => new { x.Modality, x.BodyPart });
            e.Ignore(x => x.Content);
        });

        builder.Entity<ReportPhrase>(e =>
        {
            e.ToTable("ReportPhrases");
            e.Property(x => x.Label).HasMaxLength(128);
            e.Property(x => x.Modality).HasMaxLength(16);
        });

        builder.Entity<ReportDeliveryItem>(e =>
        {
            e.ToTable("ReportDeliveries");
            e.HasOne<Report>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.ReportId, x.Version }).IsUnique();
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.Property(x => x.TargetSource).HasMaxLength(64);
        });

        // Issue 7: the audit trail (searched by time, user, action, patient and study), break-glass grants, PACS connections.
        builder.Entity<AuditEvent>(e =>
        {
            e.ToTable(AuditEventsTable);
            e.Property(x => x.Action).HasMaxLength(AuditColumns.ActionLength);
            e.Property(x => x.UserName).HasMaxLength(AuditColumns.NameLength);
            e.Property(x => x.UserRoles).HasMaxLength(AuditColumns.NameLength);
            e.Property(x => x.ClientAddress).HasMaxLength(AuditColumns.AddressLength);
            e.Property(x => x.SourceName).HasMaxLength(AuditColumns.ShortLength);
            e.Property(x => x.StudyInstanceUid).HasMaxLength(AuditColumns.ShortLength);
            e.Property(x => x.PatientId).HasMaxLength(AuditColumns.ShortLength);
            e.Property(x => x.PatientName).HasMaxLength(AuditColumns.NameLength);
            e.Property(x => x.ObjectType).HasMaxLength(AuditColumns.ShortLength);
            e.Property(x => x.ObjectId).HasMaxLength(AuditColumns.NameLength);
            e.Property(x => x.Detail).HasMaxLength(AuditColumns.DetailLength);
            e.HasIndex(x => x.OccurredAt);
            e.HasIndex(x => new { x.UserName, x.OccurredAt });
            e.HasIndex(x => new { x.Action, x.OccurredAt });
            e.HasIndex(x => new { x.PatientId, x.OccurredAt });
            e.HasIndex(x => new { x.StudyInstanceUid, x.OccurredAt });
        });
        builder.Entity<BreakGlassGrant>(e =>
        {
            e.ToTable(BreakGlassGrantsTable);
            e.Property(x => x.UserName).HasMaxLength(NameLength);
            e.Property(x => x.SourceName).HasMaxLength(64);
            e.Property(x => x.StudyInstanceUid).HasMaxLength(UidLength);
            e.Property(x => x.PatientId).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(AuditColumns.DetailLength);
            e.HasIndex(x => new { x.UserName, x.SourceName, x.StudyInstanceUid, x.ExpiresAt });
        });
        builder.Entity<PacsConnection>(e =>
        {
            e.ToTable("PacsConnections");
            e.Property(x => x.Name).HasMaxLength(64);
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.UpdatedBy).HasMaxLength(NameLength);
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        // Issue 8: transfer jobs (taken by state and due time, listed newest first), permissions, retention, storage.
        builder.Entity<TransferJob>(e =>
        {
            e.ToTable("TransferJobs");
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.CreatedBy).HasMaxLength(NameLength);
            e.Property(x => x.SourceName).HasMaxLength(64);
            e.Property(x => x.StudyInstanceUid).HasMaxLength(UidLength);
            e.Property(x => x.SeriesInstanceUid).HasMaxLength(UidLength);
            e.Property(x => x.PatientId).HasMaxLength(64);
            e.Property(x => x.PatientName).HasMaxLength(NameLength);
            e.Property(x => x.Description).HasMaxLength(512);
            e.Property(x => x.Destination).HasMaxLength(64);
            e.Property(x => x.LastError).HasMaxLength(AuditColumns.DetailLength);
            e.Property(x => x.LeaseOwner).HasMaxLength(128);
            e.Property(x => x.ResultPath).HasMaxLength(1024);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.State, x.NextAttemptAt });
            e.HasIndex(x => new { x.CreatedBy, x.CreatedAt });
            e.HasIndex(x => x.CreatedAt);
        });
        builder.Entity<TransferJobItem>(e =>
        {
            e.ToTable("TransferJobItems");
            e.HasOne<TransferJob>().WithMany().HasForeignKey(x => x.JobId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.SeriesInstanceUid).HasMaxLength(UidLength);
            e.Property(x => x.SopInstanceUid).HasMaxLength(UidLength);
            e.Property(x => x.Label).HasMaxLength(NameLength);
            e.Property(x => x.StagedPath).HasMaxLength(1024);
            e.Property(x => x.Error).HasMaxLength(AuditColumns.DetailLength);
            e.HasIndex(x => new { x.JobId, x.State, x.Id });
        });
        builder.Entity<DistributionPermission>(e =>
        {
            e.ToTable("DistributionPermissions");
            e.HasKey(x => x.Action);
            e.Property(x => x.Action).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.AllowedRoles).HasMaxLength(NameLength);
            e.Property(x => x.UpdatedBy).HasMaxLength(NameLength);
        });
        builder.Entity<RetentionRule>(e =>
        {
            e.ToTable("RetentionRules");
            e.Property(x => x.Name).HasMaxLength(128);
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.Modality).HasMaxLength(16);
            e.Property(x => x.AgeBasis).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.UpdatedBy).HasMaxLength(NameLength);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        builder.Entity<StudyHold>(e =>
        {
            e.ToTable("StudyHolds");
            e.Property(x => x.StudyInstanceUid).HasMaxLength(UidLength);
            e.Property(x => x.Reason).HasMaxLength(AuditColumns.DetailLength);
            e.Property(x => x.CreatedBy).HasMaxLength(NameLength);
            e.Property(x => x.ReleasedBy).HasMaxLength(NameLength);
            e.HasIndex(x => new { x.StudyInstanceUid, x.ReleasedAt });
        });
        builder.Entity<StorageSample>(e =>
        {
            e.ToTable("StorageSamples");
            e.Property(x => x.Area).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.SourceName).HasMaxLength(64);
            e.Property(x => x.Modality).HasMaxLength(16);
            e.HasIndex(x => new { x.TakenAt, x.Area });
        });
    }
}
