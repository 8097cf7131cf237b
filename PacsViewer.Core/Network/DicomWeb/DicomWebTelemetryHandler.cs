using PacsViewer.Core.Telemetry;

namespace PacsViewer.Core.Network.DicomWeb;

/// <summary>
/// Times each request of a DICOMweb source's HttpClient as a PACS round trip: STOW-RS for a POST (PS3.18 10.5), QIDO-RS
/// for a GET of a <c>studies</c>, <c>series</c> or <c>instances</c> collection (PS3.18 10.6), WADO-RS for any other GET
/// (PS3.18 10.4: instances, metadata, frames, rendered). A request that ends with a 2xx/3xx status succeeded.
/// </summary>
internal sealed class DicomWebTelemetryHandler(PacsViewerTelemetry telemetry) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri;
        using var trip = telemetry.StartPacsRoundTrip(Operation(request.Method, uri), uri?.Host ?? "", uri?.Port ?? 0);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode < 400)
        {
            trip.Succeeded();
        }
        return response;
    }

    /// <summary>The DICOMweb service of a request.</summary>
    internal static string Operation(HttpMethod method, Uri? uri)
    {
        if (method == HttpMethod.Post)
        {
            return PacsOperations.Stow;
        }
        var path = uri is null ? "" : (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0]).TrimEnd('/');
        var last = path[(path.LastIndexOf('/') + 1)..];
        return last is "studies" or "series" or "instances" ? PacsOperations.Qido : PacsOperations.Wado;
    }
}
