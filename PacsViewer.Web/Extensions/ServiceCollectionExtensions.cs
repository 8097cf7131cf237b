using MudBlazor.Services;
using PacsViewer.Core;

namespace PacsViewer.Web.Extensions;

/// <summary>
/// The single place where the web application's services are registered.
/// </summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers Core's services (<see cref="PacsViewer.Core.ServiceCollectionExtensions.AddPacsViewerCore"/>),
    /// Razor components with interactive server rendering, and MudBlazor.
    /// </summary>
    public static IServiceCollection AddPacsViewerWeb(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddPacsViewerCore(configuration);

        services.AddRazorComponents()
            .AddInteractiveServerComponents();

        services.AddMudServices();

        return services;
    }
}
