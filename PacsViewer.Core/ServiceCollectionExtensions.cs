using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Imaging.Caching;
using PacsViewer.Core.Imaging.Grayscale;

namespace PacsViewer.Core;

/// <summary>The single place where Core's services are registered.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the codec registry, frame reader, grayscale renderer, decoded-frame cache, render limiter, retrieval
    /// cache and frame service as singletons, with <see cref="CacheOptions"/> and <see cref="RetrievalCacheOptions"/>
    /// bound from the <c>Cache</c> section of <paramref name="configuration"/>. Services registered before this call
    /// are kept (TryAdd). Put a remote source behind the retrieval cache with
    /// <see cref="WithRetrievalCache(IServiceProvider, IStudySource)"/>.
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
        services.AddOptions<RetrievalCacheOptions>()
            .Bind(configuration.GetSection(RetrievalCacheOptions.SectionName))
            .Validate(o => o.DiskBytes >= 0, "Cache:DiskBytes must be 0 or more")
            .Validate(o => o.MaxParallelRetrievals >= 1, "Cache:MaxParallelRetrievals must be 1 or more")
            .Validate(o => o.Path is null || o.Path.IndexOfAny(Path.GetInvalidPathChars()) < 0, "Cache:Path is not a valid path")
            .ValidateOnStart();

        services.TryAddSingleton(_ => DefaultCodecs.CreateDefault());
        services.TryAddSingleton(sp => new FrameReader(sp.GetRequiredService<CodecRegistry>()));
        services.TryAddSingleton(sp => new GrayscaleRenderer(sp.GetRequiredService<IOptions<CacheOptions>>().Value.LookupTableBytes));
        services.TryAddSingleton<DecodedFrameCache>();
        services.TryAddSingleton<RenderLimiter>();
        services.TryAddSingleton<RetrievalCache>();
        services.TryAddSingleton<FrameService>();

        return services;
    }

    /// <summary>
    /// <paramref name="source"/> (a DICOMweb or DIMSE source) behind the registered <see cref="RetrievalCache"/>.
    /// </summary>
    public static CachingStudySource WithRetrievalCache(this IServiceProvider services, IStudySource source)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new CachingStudySource(source, services.GetRequiredService<RetrievalCache>());
    }
}
