using MudBlazor.Services;
using PacsViewer.Core;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting.Delivery;
using PacsViewer.Core.Worklist;
using PacsViewer.Web.Archive;
using PacsViewer.Web.Viewer;

namespace PacsViewer.Web.Extensions;

/// <summary>
/// The single place where the web application's services are registered.
/// </summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers Core's services (<see cref="PacsViewer.Core.ServiceCollectionExtensions.AddPacsViewerCore"/>),
    /// Razor components with interactive server rendering, and MudBlazor; the built-in archive's start-up
    /// (folders and index migrations), its DICOM receiver when <c>Archive:ReceiverPort</c> is set and, in Development,
    /// its demo seeding; the app database's migrations (and the demo users in Development), the worklist's sync with
    /// the sources and the report delivery outbox. Relative <c>Archive:Path</c> and the
    /// default SQLite file are resolved against the content root (data/ beside the app).
    /// </summary>
    public static IServiceCollection AddPacsViewerWeb(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddPacsViewerCore(configuration);

        services.AddOptions<ArchiveOptions>().PostConfigure<IHostEnvironment>((o, env) => o.Path = Path.GetFullPath(o.Path, env.ContentRootPath));
        services.AddOptions<DatabaseOptions>().PostConfigure<IHostEnvironment>((o, env) =>
        {
            if (o.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(o.ConnectionString))
            {
                o.ConnectionString = $"Data Source={Path.GetFullPath(DatabaseOptions.DefaultSqliteFile, env.ContentRootPath)}";
            }
        });
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.SectionName));
        services.AddHostedService<ArchiveInitializer>();
        // The app database (Identity, worklist, reports): migrated before the app serves; Development seeds the demo users.
        services.AddHostedService<PacsViewerDatabaseInitializer>();
        services.AddSingleton<WorklistSyncService>();
        services.AddHostedService(sp => sp.GetRequiredService<WorklistSyncService>());
        services.AddHostedService<ReportDeliveryService>();
        // After the initializer: the receiver writes into the archive's incoming folder (Archive:ReceiverPort).
        services.AddSingleton<ArchiveReceiver>();
        services.AddHostedService(sp => sp.GetRequiredService<ArchiveReceiver>());
        services.AddSingleton<DemoSeedingService>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoSeedingService>());

        services.AddRazorComponents()
            .AddInteractiveServerComponents();

        services.AddMudServices();
        services.AddSingleton<StudyListService>();
        services.AddSingleton<StudyModelCache>();

        return services;
    }
}
