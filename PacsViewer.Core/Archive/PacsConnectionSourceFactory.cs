using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Network.DicomWeb;
using Polly;

namespace PacsViewer.Core.Archive;

/// <summary>
/// Builds the <see cref="IStudySource"/> of an admin-managed PACS connection while the app runs, the way
/// <see cref="PacsSourceRegistration"/> builds a configured one: a DIMSE source with the same client settings, a
/// DICOMweb source behind the retrieval cache with an <see cref="IHttpClientFactory"/> client carrying the same
/// credentials handler and resilience pipeline. Each build of a DICOMweb source gets an HttpClient name of its own
/// (<c>dicomweb-db:NAME:N</c>), configured here as named <see cref="HttpClientFactoryOptions"/>: a replaced source's
/// requests in flight finish on the old handler, which the factory retires and disposes once unused.
/// </summary>
/// <remarks>It takes the service provider, not the HttpClient factory: the factory's options depend on this class.</remarks>
public sealed class PacsConnectionSourceFactory(IServiceProvider services)
    : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    private const string ClientPrefix = "dicomweb-db:";

    private readonly ConcurrentDictionary<string, DicomWebClientSettings> _clients = new(StringComparer.Ordinal);
    private long _builds;

    /// <summary>A new source for <paramref name="source"/> (validated settings, secrets in clear text).</summary>
    public IStudySource Create(PacsSourceOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(source));
        }
        switch (source.Kind)
        {
            case PacsSourceKind.Dimse:
                return PacsSourceRegistration.CreateDimseSource(services, source);
            case PacsSourceKind.DicomWeb:
                var clientName = $"{ClientPrefix}{source.Name}:{Interlocked.Increment(ref _builds)}";
                _clients[clientName] = new DicomWebClientSettings(source, ResiliencePipeline(source));
                var httpClients = services.GetRequiredService<IHttpClientFactory>();
                return new CachingStudySource(new DicomWebStudySource(source.Name, () => httpClients.CreateClient(clientName)),
                    services.GetRequiredService<RetrievalCache>());
            default:
                throw new ArgumentException($"source {source.Name}: a {source.Kind} source cannot be managed as a PACS connection", nameof(source));
        }
    }

    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name is null || !name.StartsWith(ClientPrefix, StringComparison.Ordinal) || !_clients.TryGetValue(name, out var settings))
        {
            return;
        }
        var source = settings.Source;
        options.HttpClientActions.Add(client => PacsSourceRegistration.ConfigureDicomWebClient(client, source));
        options.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            // The order of the configured sources' clients: credentials outside, the resilience pipeline inside.
            builder.AdditionalHandlers.Add(new DicomWebAuthenticationHandler(source.UserName, source.Password, source.BearerToken));
            builder.AdditionalHandlers.Add(new ResilienceHandler(settings.Pipeline));
        });
    }

    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);

    /// <summary>The standard pipeline's strategies in its order (rate limiter, total timeout, retry, circuit breaker, attempt timeout).</summary>
    private static ResiliencePipeline<HttpResponseMessage> ResiliencePipeline(PacsSourceOptions source)
    {
        var options = new HttpStandardResilienceOptions();
        PacsSourceRegistration.ConfigureResilience(options, source);
        return new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRateLimiter(options.RateLimiter)
            .AddTimeout(options.TotalRequestTimeout)
            .AddRetry(options.Retry)
            .AddCircuitBreaker(options.CircuitBreaker)
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    private sealed record DicomWebClientSettings(PacsSourceOptions Source, ResiliencePipeline<HttpResponseMessage> Pipeline);
}
