using MudBlazor.Services;

namespace PacsViewer.Web.Extensions;

/// <summary>
/// The single place where the web application's services are registered.
/// </summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers Razor components with interactive server rendering and MudBlazor.
    /// Core services (DICOM sources, caches, worklist) will be added here as they land.
    /// </summary>
    public static IServiceCollection AddPacsViewerWeb(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddRazorComponents()
            .AddInteractiveServerComponents();

        services.AddMudServices();

        return services;
    }
}
