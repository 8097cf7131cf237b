using Microsoft.Extensions.Http;
using PacsViewer.Core.Telemetry;

namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// Puts a <see cref="DicomWebTelemetryHandler"/> first in the pipeline of every HttpClient whose name starts with
/// <see cref="ClientNamePrefix"/> (the DICOMweb sources' clients), however and whenever the source was registered.
/// Outermost, so a round trip includes the resilience pipeline's retries.
/// </summary>
internal sealed class DicomWebTelemetryFilter(PacsViewerTelemetry telemetry) : IHttpMessageHandlerBuilderFilter
{
    /// <summary>The name prefix of DICOMweb sources' HttpClients.</summary>
    public const string ClientNamePrefix = "dicomweb:";

    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return builder =>
        {
            next(builder);
            if (builder.Name?.StartsWith(ClientNamePrefix, StringComparison.Ordinal) == true)
            {
                builder.AdditionalHandlers.Insert(0, new DicomWebTelemetryHandler(telemetry));
            }
        };
    }
}
