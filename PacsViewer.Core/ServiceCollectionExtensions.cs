using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Caching;
using PacsViewer.Core.Imaging.Grayscale;
using PacsViewer.Core.Imaging.Rendering;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Reporting.Delivery;
using PacsViewer.Core.Reporting.Export;
using PacsViewer.Core.Security;
using PacsViewer.Core.Telemetry;
using PacsViewer.Core.Viewing;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Core;

/// <summary>The single place where Core's services are registered.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the codec registry, frame reader, grayscale renderer, decoded-frame cache, render limiter, retrieval
    /// cache and frame service as singletons, with <see cref="CacheOptions"/> and <see cref="RetrievalCacheOptions"/>
    /// bound from the <c>Cache</c> section of <paramref name="configuration"/>; and the built-in archive
    /// (<see cref="LocalArchive"/>, also registered as an <see cref="IStudySource"/>) over its index in the database
    /// chosen by <c>Database:Provider</c> and <c>ConnectionStrings:PacsViewer</c>, its folder from <c>Archive:Path</c>.
    /// Relative paths are relative to the current directory here; the web app resolves them against its content root.
    /// Services registered before this call are kept (TryAdd). The archive's folders and schema are created by
    /// <see cref="LocalArchive.InitializeAsync"/>. The upstream study sources of <c>Pacs:Sources</c> are registered too
    /// (see <see cref="PacsOptions"/>); invalid source settings throw here. Each remote source is registered behind
    /// the retrieval cache (a <see cref="CachingStudySource"/>), except a DIMSE source retrieving by C-MOVE (the
    /// built-in archive keeps what our receiver gets); the built-in archive is not.
    /// </summary>
    public static IServiceCollection AddPacsViewerCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<CacheOptions>()
            .Bind(configuration.GetSection(CacheOptions.SectionName))
            .Validate(o => o.MemoryBytes >= 0, "Cache:MemoryBytes must be 0 or more")
            .Validate(o => o.MaxConcurrentRenders >= 1, "Cache:MaxConcurrentRenders must be 1 or more")
            .Validate(o => o.LookupTableBytes >= 0, "Cache:LookupTableBytes must be 0 or more")
            .ValidateOnStart();
        services.AddOptions<RetrievalCacheOptions>()
            .Bind(configuration.GetSection(RetrievalCacheOptions.SectionName))
            .Validate(o => o.DiskBytes >= 0, "Cache:DiskBytes must be 0 or more")
            .Validate(o => o.MaxParallelRetrievals >= 1, "Cache:MaxParallelRetrievals must be 1 or more")
            .Validate(o => o.Path is null || o.Path.IndexOfAny(Path.GetInvalidPathChars()) < 0, "Cache:Path is not a valid path")
            .ValidateOnStart();

        // Metrics and traces (Telemetry): the app's Meter through IMeterFactory, DICOMweb round trips timed per source.
        TelemetryRegistration.AddPacsViewerTelemetry(services);
        services.TryAddSingleton(_ => DefaultCodecs.CreateDefault());
        services.TryAddSingleton(sp => new FrameReader(sp.GetRequiredService<CodecRegistry>()));
        services.TryAddSingleton(sp => new GrayscaleRenderer(sp.GetRequiredService<IOptions<CacheOptions>>().Value.LookupTableBytes));
        services.TryAddSingleton<DecodedFrameCache>();
        services.TryAddSingleton<RenderLimiter>();
        services.TryAddSingleton<RetrievalCache>();
        // Shared by the app's receiver and its C-MOVE sources: our own C-MOVEs' sub-operations go into the cache.
        services.TryAddSingleton<MoveOriginatorRouter>();
        services.TryAddSingleton<FrameService>();
        services.TryAddSingleton(sp => new FrameRenderer(sp.GetRequiredService<GrayscaleRenderer>()));
        services.TryAddSingleton(_ => new InstanceHeaderCache());
        services.TryAddSingleton(_ => new SeriesThumbnailChoices());
        services.TryAddSingleton<ViewerFrameService>();
        services.TryAddSingleton<StudySourceCatalog>();

        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .Configure(o => o.ConnectionString ??= configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .Validate(o => Enum.IsDefined(o.Provider), "Database:Provider must be Sqlite or Postgres")
            .Validate(o => o.Provider == DatabaseProvider.Sqlite || !string.IsNullOrWhiteSpace(o.ConnectionString),
                $"Database:Provider Postgres needs ConnectionStrings:{DatabaseOptions.ConnectionStringName}")
            .ValidateOnStart();
        services.AddOptions<ArchiveOptions>()
            .Bind(configuration.GetSection(ArchiveOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "Archive:Path must be set")
            .Validate(o => o.MaxQueryResults >= 1, "Archive:MaxQueryResults must be 1 or more")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new ArchiveDatabase(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.TryAddSingleton(sp => new LocalArchive(sp.GetRequiredService<ArchiveDatabase>(), sp.GetRequiredService<IOptions<ArchiveOptions>>().Value));
        // Several sources may be registered (DICOMweb, DIMSE, this archive): consumers take IEnumerable<IStudySource>.
        services.AddSingleton<IStudySource>(sp => sp.GetRequiredService<LocalArchive>());
        // Pacs:Sources: each DICOMweb or DIMSE source a keyed IStudySource behind the retrieval cache.
        PacsSourceRegistration.AddPacsSources(services, configuration);
        // Reporting:Export: SR/PDF/FHIR exports of signed reports and their delivery to the study's source.
        ReportExportRegistration.AddReportExports(services, configuration);

        AddReadingWorkflow(services, configuration);
        AddStorage(services, configuration);
        AddTransferJobs(services, configuration);
        AddUploads(services, configuration);
        AddSend(services);
        AddExports(services, configuration);
        return services;
    }

    /// <summary>Issue 8, sending: the Send job handler (run by the job runner) and the service that checks and queues a user's send request.</summary>
    private static void AddSend(IServiceCollection services)
    {
        services.AddSingleton<Distribution.ITransferJobHandler, Distribution.Send.SendJobHandler>();
        services.TryAddSingleton<Distribution.Send.SendRequestService>();
    }

    /// <summary>
    /// Browser uploads (issue 8): the limits (<c>Distribution:Upload:*</c>), the staging folder (<c>Distribution:UploadFolder</c>,
    /// by default <c>uploads/</c> under the archive's folder), the <see cref="Distribution.Upload.UploadService"/> and the
    /// Upload job handler run by the job engine.
    /// </summary>
    private static void AddUploads(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Distribution.Upload.UploadOptions>()
            .Bind(configuration.GetSection(Distribution.Upload.UploadOptions.SectionName))
            .Configure(o => o.Folder = configuration[Distribution.Upload.UploadOptions.FolderKey] is { Length: > 0 } folder ? folder : o.Folder)
            .PostConfigure<IOptions<ArchiveOptions>>((o, archive) =>
                o.Folder = string.IsNullOrWhiteSpace(o.Folder) ? Path.Combine(archive.Value.Path, "uploads") : o.Folder)
            .Validate(o => o.IsValid(), "Distribution:Upload limits must be positive")
            .ValidateOnStart();
        services.TryAddSingleton<Distribution.Upload.UploadService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Distribution.ITransferJobHandler, Distribution.Upload.UploadJobHandler>());
    }

    /// <summary>
    /// The app database (<see cref="PacsViewerDatabase"/>, and a scoped <see cref="PacsViewerDbContext"/> for Identity's
    /// stores), Identity's user and role managers, the worklist, locks, reports, templates and the delivery outbox.
    /// The hosted services (migrations and seeding, worklist sync, delivery) are added by the host
    /// (<see cref="PacsViewerDatabaseInitializer"/>, <see cref="WorklistSyncService"/>, <see cref="ReportDeliveryService"/>).
    /// </summary>
    private static void AddReadingWorkflow(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<WorklistOptions>()
            .Bind(configuration.GetSection(WorklistOptions.SectionName))
            .Validate(o => o.LockIdleTimeout > TimeSpan.Zero, "Worklist:LockIdleTimeout must be positive")
            .Validate(o => o.MaxPageSize >= 1, "Worklist:MaxPageSize must be 1 or more")
            .ValidateOnStart();
        services.AddOptions<ReportingOptions>().Bind(configuration.GetSection(ReportingOptions.SectionName));
        services.AddOptions<ReportDeliveryOptions>()
            .Bind(configuration.GetSection(ReportDeliveryOptions.SectionName))
            .Validate(o => o.BaseDelay > TimeSpan.Zero && o.MaxDelay >= o.BaseDelay, "Reporting:Delivery delays must be positive, MaxDelay >= BaseDelay")
            .Validate(o => o.MaxAttempts >= 1, "Reporting:Delivery:MaxAttempts must be 1 or more")
            .ValidateOnStart();
        services.AddOptions<DemoUserOptions>().Bind(configuration.GetSection(DemoUserOptions.SectionName));

        services.TryAddSingleton(sp => new PacsViewerDatabase(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.TryAddScoped(sp => sp.GetRequiredService<PacsViewerDatabase>().CreateContext());
        services.AddIdentityCore<PacsUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<PacsRole>()
            .AddEntityFrameworkStores<PacsViewerDbContext>();
        AddUserAdministration(services, configuration);
        services.TryAddSingleton<ISignatureVerifier, PasswordSignatureVerifier>();
        services.TryAddSingleton<IdentitySeeder>();
        // The append-only audit trail in the app database (issue 7).
        services.TryAddSingleton<IAuditLog, DatabaseAuditLog>();
        // Who may see which study (role, Final report, break-glass), issue 7.
        services.AddOptions<StudyAccessOptions>()
            .Bind(configuration.GetSection(StudyAccessOptions.SectionName))
            .Validate(o => o.BreakGlassDuration > TimeSpan.Zero, "Access:BreakGlassDuration must be positive")
            .Validate(o => o.DecisionCacheDuration >= TimeSpan.Zero && o.RepeatAuditInterval >= TimeSpan.Zero, "Access durations must not be negative")
            .ValidateOnStart();
        services.TryAddSingleton<StudyAccessService>();
        AuditRegistration.AddAuditTrail(services, configuration);

        services.TryAddSingleton<IWorklistNotifier, WorklistNotifier>();
        services.TryAddSingleton<WorklistService>();
        services.TryAddSingleton<StudyLockService>();
        services.TryAddSingleton<WorklistSynchronizer>();
        services.TryAddSingleton<ReportService>();
        services.TryAddSingleton<ReportTemplateService>();
        services.TryAddSingleton<ReportDeliveryQueue>();
    }

    /// <summary>
    /// The storage screen's statistics, retention (rules, dry run, apply), holds and cache purge (<c>Storage:*</c>). The
    /// host starts <see cref="Storage.StorageSampler"/> and <see cref="Storage.RetentionScheduler"/>.
    /// </summary>
    private static void AddStorage(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Storage.StorageOptions>()
            .Bind(configuration.GetSection(Storage.StorageOptions.SectionName))
            .Validate(o => o.SampleInterval > TimeSpan.Zero && o.KeepHourlySamples > TimeSpan.Zero, "Storage:SampleInterval and KeepHourlySamples must be positive")
            .Validate(o => o.Retention.PassInterval > TimeSpan.Zero, "Storage:Retention:PassInterval must be positive")
            .ValidateOnStart();
        services.TryAddSingleton<Storage.StorageStatisticsService>();
        services.TryAddSingleton<Storage.RetentionService>();
        services.TryAddSingleton<Storage.StudyHoldService>();
        services.TryAddSingleton<Storage.CachePurgeService>();
    }

    /// <summary>
    /// Exports (issue 8): the Export job handler, writing ZIPs into <c>Distribution:ExportFolder</c>, and the export
    /// service the web app asks (permission, study access, queueing).
    /// </summary>
    private static void AddExports(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PacsViewer.Core.Distribution.Export.ExportOptions>()
            .Bind(configuration.GetSection(PacsViewer.Core.Distribution.Export.ExportOptions.SectionName))
            .Validate(o => o.MaxDirectDownloadObjects >= 1, "Distribution:MaxDirectDownloadObjects must be 1 or more");
        services.AddSingleton<ITransferJobHandler, PacsViewer.Core.Distribution.Export.ExportJobHandler>();
        services.TryAddSingleton<PacsViewer.Core.Distribution.Export.ExportService>();
    }

    /// <summary>
    /// Transfer jobs (issue 8): the queue, the runner (a singleton; the web host starts it as a hosted service, the
    /// command line calls <see cref="TransferJobRunner.RunDueAsync"/>), the jobs service and the distribution
    /// permissions, with <see cref="TransferJobOptions"/> from <c>Distribution:Jobs</c>. The handlers are registered by
    /// their parts as <see cref="ITransferJobHandler"/> singletons, one per kind.
    /// </summary>
    private static void AddTransferJobs(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TransferJobOptions>()
            .Bind(configuration.GetSection(TransferJobOptions.SectionName))
            .Validate(o => o.MaxAttempts >= 1, "Distribution:Jobs:MaxAttempts must be 1 or more")
            .Validate(o => o.BaseDelay > TimeSpan.Zero && o.MaxDelay >= o.BaseDelay, "Distribution:Jobs delays must be positive, MaxDelay >= BaseDelay")
            .Validate(o => o.Heartbeat > TimeSpan.Zero && o.Lease > o.Heartbeat, "Distribution:Jobs:Lease must be longer than Heartbeat (both positive)")
            .Validate(o => o.MaxConcurrentJobs >= 1, "Distribution:Jobs:MaxConcurrentJobs must be 1 or more")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Distribution:Jobs:PollInterval must be positive")
            .Validate(o => o.KeepDays >= 1, "Distribution:Jobs:KeepDays must be 1 or more")
            .ValidateOnStart();
        services.TryAddSingleton<TransferJobSignal>();
        services.TryAddSingleton<ITransferJobQueue, TransferJobQueue>();
        services.TryAddSingleton<TransferJobRunner>();
        services.TryAddSingleton<TransferJobService>();
        services.TryAddSingleton<DistributionPermissionService>();
        services.TryAddSingleton<IDistributionPermissions>(sp => sp.GetRequiredService<DistributionPermissionService>());
    }

    /// <summary>
    /// The password policy (<c>Auth:Password:*</c> bound onto Identity's <see cref="PasswordOptions"/>: 12 characters,
    /// a digit, an upper and a lower case letter and a symbol by default), the claims with the forced password change,
    /// user administration and the first admin's bootstrap (<c>Bootstrap:*</c>; the host starts <see cref="BootstrapAdminService"/>).
    /// </summary>
    private static void AddUserAdministration(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdentityOptions>()
            .Configure(o =>
            {
                o.Password.RequiredLength = 12;
                configuration.GetSection("Auth:Password").Bind(o.Password);
            })
            .Validate(o => o.Password.RequiredLength >= 8, "Auth:Password:RequiredLength must be 8 or more")
            .ValidateOnStart();
        services.Replace(ServiceDescriptor.Scoped<IUserClaimsPrincipalFactory<PacsUser>, IdentityClaimsPrincipalFactory>());
        services.TryAddSingleton<UserAdminService>();
        services.AddOptions<BootstrapOptions>()
            .Bind(configuration.GetSection(BootstrapOptions.SectionName))
            .Validate(o => o.TokenLifetime > TimeSpan.Zero, "Bootstrap:TokenLifetime must be positive")
            .ValidateOnStart();
        services.TryAddSingleton<BootstrapTokenStore>();
        services.TryAddSingleton<BootstrapAdminService>();
    }

    /// <summary>
    /// <paramref name="source"/> (a DICOMweb or DIMSE source) behind the registered <see cref="RetrievalCache"/>.
    /// </summary>
    public static CachingStudySource WithRetrievalCache(this IServiceProvider services, IStudySource source)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new CachingStudySource(source, services.GetRequiredService<RetrievalCache>());
    }
}
