using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using PacsViewer.Core.Network.DicomWeb;

namespace PacsViewer.Core.Telemetry;

/// <summary>Registers <see cref="PacsViewerTelemetry"/> (and <see cref="System.Diagnostics.Metrics.IMeterFactory"/> when the host has none) and the timing of DICOMweb round trips.</summary>
internal static class TelemetryRegistration
{
    public static void AddPacsViewerTelemetry(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<PacsViewerTelemetry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, DicomWebTelemetryFilter>());
    }
}
