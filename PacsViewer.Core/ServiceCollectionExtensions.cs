using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Caching;
using PacsViewer.Core.Imaging.Grayscale;

namespace PacsViewer.Core;

/// <summary>The single place where Core's services are registered.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the codec registry, frame reader, grayscale renderer, decoded-frame cache and render limiter as
    /// singletons, with <see cref="CacheOptions"/> bound from the <c>Cache</c> section of
    /// <paramref name="configuration"/>. Services registered before this call are kept (TryAdd). The study sources of
    /// <c>Pacs:Sources</c> are registered too (see <see cref="PacsOptions"/>); invalid source settings throw here.
    /// </summary>
    public static IServiceCollection AddPacsViewerCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<CacheOptions>()
            .Bind(configuration.GetSection(CacheOptions.SectionName))
            .Validate(o => o.MemoryBytes >= 0, "Cache:MemoryBytes must be 0 or more")
            .Validate(o => o.MaxConcurrentRenders >= 1, "Cache:MaxConcurrentRenders must be 1 or more")
            .Validate(o => o.LookupTableBytes >= 0, "Cache:LookupTableBytes must be 0 or more")
            .ValidateOnStart();

        services.TryAddSingleton(_ => DefaultCodecs.CreateDefault());
        services.TryAddSingleton(sp => new FrameReader(sp.GetRequiredService<CodecRegistry>()));
        services.TryAddSingleton(sp => new GrayscaleRenderer(sp.GetRequiredService<IOptions<CacheOptions>>().Value.LookupTableBytes));
        services.TryAddSingleton<DecodedFrameCache>();
        services.TryAddSingleton<RenderLimiter>();

        // Pacs:Sources; each DICOMweb source gets its named HttpClient and a keyed IStudySource.
        DicomWebSourceRegistration.AddPacsSources(services, configuration);

        return services;
    }
}
