using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Network.DicomWeb;

namespace PacsViewer.Core.Archive;

/// <summary>
/// Registers the <c>Pacs:Sources</c> options and, for each DICOMweb source, a named HttpClient (base address, Basic or
/// Bearer credentials, the standard resilience pipeline: attempt timeout, retries of idempotent requests with backoff,
/// circuit breaker) and a keyed <see cref="IStudySource"/> named after the source (also resolvable as one of
/// <c>IEnumerable&lt;IStudySource&gt;</c>). DIMSE sources are configuration only for now.
/// </summary>
internal static class DicomWebSourceRegistration
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
        foreach (var source in pacs.Sources.Where(s => s.Kind == PacsSourceKind.DicomWeb))
        {
            AddDicomWebSource(services, source);
        }
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
        services.AddKeyedSingleton<IStudySource>(name, (sp, _) =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new DicomWebStudySource(name, () => factory.CreateClient(HttpClientName(name)));
        });
        services.AddSingleton(sp => sp.GetRequiredKeyedService<IStudySource>(name));
    }
}
