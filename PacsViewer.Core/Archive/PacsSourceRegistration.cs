using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
/// (<see cref="CachingStudySource"/>) so no instance is retrieved twice; except a DIMSE source retrieving by C-MOVE,
/// whose instances the built-in archive keeps. A DICOMweb source gets a named HttpClient (base
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
            }
        }
    }

    private static void AddDimseSource(IServiceCollection services, PacsSourceOptions source)
    {
        var name = source.Name;
        var peer = new DicomPeer(source.Host!, source.Port, source.AeTitle!);
        var timeout = TimeSpan.FromSeconds(source.TimeoutSeconds);
        var options = new DicomClientOptions
        {
            CallingAeTitle = string.IsNullOrWhiteSpace(source.CallingAeTitle) ? new DicomClientOptions().CallingAeTitle : source.CallingAeTitle,
            Association = AssociationOptions.Default with { ArtimTimeout = timeout, DimseTimeout = timeout },
            // Behind the retrieval cache the C-GET files are written into the cache's folder and made durable by the
            // cache (group-committed, indexed only once durable); the in-memory paths read each file and delete it.
            FlushRetrievedFiles = false,
        };
        var workDirectory = Path.Combine(Path.GetTempPath(), "pacsviewer-dimse", name);
        var move = source.RetrieveMethod == DimseRetrieveMethod.Move;
        var destination = source.MoveDestinationAeTitle;
        // A C-MOVE source is not put behind the retrieval cache: our receiver hands every instance to the built-in
        // archive, which keeps it durably, and the source reads it from there; a cached copy would be a second one.
        AddSource(services, name, sp => new DimseStudySource(name, peer, new DicomClient(options with { Telemetry = sp.GetService<PacsViewerTelemetry>() }), workDirectory, move
            ? new DimseMoveTarget(string.IsNullOrWhiteSpace(destination) ? sp.GetRequiredService<IOptions<ArchiveOptions>>().Value.ReceiverAeTitle : destination,
                sp.GetRequiredService<LocalArchive>())
            : null), cached: !move);
    }

    /// <summary>The source, behind the retrieval cache unless <paramref name="cached"/> is false, as a keyed and as an enumerable <see cref="IStudySource"/>.</summary>
    private static void AddSource(IServiceCollection services, string name, Func<IServiceProvider, IStudySource> create, bool cached = true)
    {
        services.AddKeyedSingleton<IStudySource>(name, (sp, _) => cached ? new CachingStudySource(create(sp), sp.GetRequiredService<RetrievalCache>()) : create(sp));
        services.AddSingleton(sp => sp.GetRequiredKeyedService<IStudySource>(name));
    }

    private static void AddDicomWebSource(IServiceCollection services, PacsSourceOptions source)
    {
        var name = source.Name;
        var root = source.Url!.EndsWith('/') ? source.Url : source.Url + "/";
        var attemptTimeout = TimeSpan.FromSeconds(source.TimeoutSeconds);
        var (userName, password, token) = (source.UserName, source.Password, source.BearerToken);
        services.AddHttpClient(HttpClientName(name), client =>
            {
                client.BaseAddress = new Uri(root, UriKind.Absolute);
                client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline times each attempt and the whole request
            })
            .AddHttpMessageHandler(() => new DicomWebAuthenticationHandler(userName, password, token))
            .AddStandardResilienceHandler(o =>
            {
                o.AttemptTimeout.Timeout = attemptTimeout;
                o.TotalRequestTimeout.Timeout = attemptTimeout * (source.Retries + 1) + TimeSpan.FromSeconds(10 * (source.Retries + 1));
                o.Retry.MaxRetryAttempts = Math.Max(1, source.Retries);
                o.Retry.ShouldRetryAfterHeader = true;
                if (source.Retries == 0)
                {
                    o.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
                }
                o.Retry.DisableForUnsafeHttpMethods(); // a STOW-RS POST is never sent twice
                o.CircuitBreaker.SamplingDuration = attemptTimeout * 2 + TimeSpan.FromSeconds(1);
            });
        AddSource(services, name, sp =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new DicomWebStudySource(name, () => factory.CreateClient(HttpClientName(name)));
        });
    }
}
