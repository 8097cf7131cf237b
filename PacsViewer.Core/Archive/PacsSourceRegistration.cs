using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Network.DicomWeb;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;
using PacsViewer.Core.Telemetry;

namespace PacsViewer.Core.Archive;

/// <summary>
/// Registers the <c>Pacs:Sources</c> options and, for each remote source, a keyed <see cref="IStudySource"/> named
/// after the source (also resolvable as one of <c>IEnumerable&lt;IStudySource&gt;</c>), put behind the retrieval cache
/// (<see cref="CachingStudySource"/>) so no instance is retrieved twice; a DIMSE source retrieving by C-MOVE too, its
/// C-MOVE sub-operations routed by our receiver into the cache (<see cref="MoveOriginatorRouter"/>). A DICOMweb source gets a named HttpClient (base
/// address, Basic or Bearer credentials, the standard resilience pipeline: attempt timeout, retries of idempotent
/// requests with backoff, circuit breaker) under a <see cref="DicomWebStudySource"/>; a DIMSE source a
/// <see cref="DimseStudySource"/> calling the peer with the source's AE titles and timeout.
/// </summary>
internal static class PacsSourceRegistration
{
    /// <summary>The name of a DICOMweb source's HttpClient in <see cref="IHttpClientFactory"/>.</summary>
    public static string HttpClientName(string sourceName) => "dicomweb:" + sourceName;

    public static void AddPacsSources(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(PacsOptions.SectionName);
        services.AddOptions<PacsOptions>()
            .Bind(section)
            .Validate(o => o.Validate().Count == 0, "Pacs:Sources has invalid entries (name, kind, URL or AE/host/port, credentials)")
            .ValidateOnStart();

        var pacs = section.Get<PacsOptions>() ?? new PacsOptions();
        if (pacs.Validate() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(PacsOptions.SectionName, typeof(PacsOptions), problems);
        }
        foreach (var source in pacs.Sources)
        {
            switch (source.Kind)
            {
                case PacsSourceKind.DicomWeb:
                    AddDicomWebSource(services, source);
                    break;
                case PacsSourceKind.Dimse:
                    AddDimseSource(services, source);
                    break;
                default:
                    continue;
            }
            // Also one of IEnumerable<IStudySource>, which the StudySourceCatalog is built from.
            var name = source.Name;
            services.AddSingleton(sp => sp.GetRequiredKeyedService<IStudySource>(name));
        }
        AddPacsConnections(services);
    }

    /// <summary>
    /// Admin-managed connections (issue 7): their sources are built at run time by
    /// <see cref="PacsConnectionSourceFactory"/> (which also configures their HttpClients), tested by
    /// <see cref="SourceProbe"/>. The host registers <see cref="PacsConnectionService"/>, which keeps them, with an
    /// <see cref="IPacsConnectionSecretProtector"/> (the web app's Data Protection).
    /// </summary>
    private static void AddPacsConnections(IServiceCollection services)
    {
        services.AddHttpClient();
        services.TryAddSingleton<PacsConnectionSourceFactory>();
        services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>>(sp => sp.GetRequiredService<PacsConnectionSourceFactory>());
        services.TryAddSingleton<SourceProbe>();
    }

    private static void AddDimseSource(IServiceCollection services, PacsSourceOptions source) =>
        services.AddKeyedSingleton<IStudySource>(source.Name, (sp, _) => CreateDimseSource(sp, source));

    /// <summary>
    /// A DIMSE source calling the peer with the source's AE titles and timeout, behind the retrieval cache. By C-MOVE,
    /// the source opens a route in the app's <see cref="MoveOriginatorRouter"/> (the one the receiver was given) for each
    /// C-MOVE it sends, and the receiver writes that C-MOVE's sub-operations (PS3.7 9.3.1.1: its Move Originator AE Title
    /// and Message ID) into the cache's folder, not into the archive; an instance the archive already holds is copied
    /// from it. Every other C-STORE still goes to the archive. Also used for admin-managed connections.
    /// </summary>
    internal static IStudySource CreateDimseSource(IServiceProvider sp, PacsSourceOptions source)
    {
        var name = source.Name;
        var peer = new DicomPeer(source.Host!, source.Port, source.AeTitle!);
        // PACS round trips are measured (PacsViewerTelemetry) when the host registered the telemetry.
        var options = DimseClientOptions(source) with { Telemetry = sp.GetService<PacsViewerTelemetry>() };
        var workDirectory = Path.Combine(Path.GetTempPath(), "pacsviewer-dimse", name);
        var destination = source.MoveDestinationAeTitle;
        var move = source.RetrieveMethod != DimseRetrieveMethod.Move ? null : new DimseMoveTarget(
            string.IsNullOrWhiteSpace(destination) ? sp.GetRequiredService<IOptions<ArchiveOptions>>().Value.ReceiverAeTitle : destination,
            sp.GetRequiredService<LocalArchive>(), sp.GetRequiredService<MoveOriginatorRouter>());
        return new CachingStudySource(new DimseStudySource(name, peer, new DicomClient(options), workDirectory, move), sp.GetRequiredService<RetrievalCache>());
    }

    /// <summary>The DIMSE client settings of a source: its calling AE title (the default when empty) and its timeout as ARTIM and DIMSE timeouts.</summary>
    internal static DicomClientOptions DimseClientOptions(PacsSourceOptions source)
    {
        var timeout = TimeSpan.FromSeconds(source.TimeoutSeconds);
        return new DicomClientOptions
        {
            CallingAeTitle = string.IsNullOrWhiteSpace(source.CallingAeTitle) ? new DicomClientOptions().CallingAeTitle : source.CallingAeTitle,
            Association = AssociationOptions.Default with { ArtimTimeout = timeout, DimseTimeout = timeout },
            // Behind the retrieval cache the C-GET files are written into the cache's folder and made durable by the
            // cache (group-committed, indexed only once durable); the in-memory paths read each file and delete it.
            FlushRetrievedFiles = false,
        };
    }

    private static void AddDicomWebSource(IServiceCollection services, PacsSourceOptions source)
    {
        var name = source.Name;
        var (userName, password, token) = (source.UserName, source.Password, source.BearerToken);
        services.AddHttpClient(HttpClientName(name), client => ConfigureDicomWebClient(client, source))
            .AddHttpMessageHandler(() => new DicomWebAuthenticationHandler(userName, password, token))
            .AddStandardResilienceHandler(o => ConfigureResilience(o, source));
        services.AddKeyedSingleton<IStudySource>(name, (sp, _) =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new CachingStudySource(new DicomWebStudySource(name, () => factory.CreateClient(HttpClientName(name))), sp.GetRequiredService<RetrievalCache>());
        });
    }

    /// <summary>A DICOMweb source's HttpClient: the service root as base address (with a final slash), no client timeout.</summary>
    internal static void ConfigureDicomWebClient(HttpClient client, PacsSourceOptions source)
    {
        var root = source.Url!.EndsWith('/') ? source.Url : source.Url + "/";
        client.BaseAddress = new Uri(root, UriKind.Absolute);
        client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline times each attempt and the whole request
    }

    /// <summary>
    /// The standard resilience pipeline of a DICOMweb source (configured and admin-managed alike): attempt timeout,
    /// retries of idempotent requests with backoff (a STOW-RS POST is never sent twice), circuit breaker.
    /// </summary>
    internal static void ConfigureResilience(HttpStandardResilienceOptions o, PacsSourceOptions source)
    {
        var attemptTimeout = TimeSpan.FromSeconds(source.TimeoutSeconds);
        o.AttemptTimeout.Timeout = attemptTimeout;
        o.TotalRequestTimeout.Timeout = attemptTimeout * (source.Retries + 1) + TimeSpan.FromSeconds(10 * (source.Retries + 1));
        o.Retry.MaxRetryAttempts = Math.Max(1, source.Retries);
        o.Retry.ShouldRetryAfterHeader = true;
        if (source.Retries == 0)
        {
            o.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
        }
        o.Retry.DisableForUnsafeHttpMethods();
        o.CircuitBreaker.SamplingDuration = attemptTimeout * 2 + TimeSpan.FromSeconds(1);
    }
}
