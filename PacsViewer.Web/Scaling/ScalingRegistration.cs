using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Viewing;
using PacsViewer.Core.Worklist;
using StackExchange.Redis;

namespace PacsViewer.Web.Scaling;

/// <summary>
/// Several app servers (README "Running several servers"), when <c>Redis:Configuration</c> is set: one Redis connection;
/// the Data Protection key ring in Redis under one application name (a cookie or antiforgery token issued by one server
/// is accepted by another); <see cref="IDistributedCache"/> over Redis holding rendered frames
/// (<see cref="DistributedRenderedFrameStore"/>) and study metadata (<see cref="SharedStudyModelStore"/>); and the
/// worklist's notifications over pub/sub (<see cref="RedisWorklistNotifier"/>). Without it nothing is registered.
/// </summary>
internal static class ScalingRegistration
{
    /// <summary>The Data Protection application name shared by every server (keys are isolated by it).</summary>
    public const string ApplicationName = "PacsViewer";

    public static void AddScaling(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RedisOptions.SectionName);
        services.AddOptions<RedisOptions>().Bind(section)
            .Validate(o => o.FrameLifetime > TimeSpan.Zero && o.MetadataLifetime > TimeSpan.Zero, "Redis lifetimes must be positive")
            .Validate(o => o.MaxFrameBytes >= 0 && o.MaxMetadataBytes >= 0, "Redis size limits must be 0 or more");
        var options = section.Get<RedisOptions>() ?? new RedisOptions();
        if (!options.Enabled)
        {
            return;
        }
        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var redis = ConfigurationOptions.Parse(options.Configuration!);
            // Start (and keep serving from local caches) while Redis is away; the client reconnects in the background.
            redis.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(redis);
        });

        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((o, redis) =>
            o.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), options.InstanceName + "DataProtection-Keys"));

        // The distributed cache keeps a connection of its own: RedisCache closes the connection it holds when it is
        // disposed, and a shared one would be closed under the worklist notifier while the container is still
        // disposing (an ObjectDisposedException that stopped the rest of the shutdown).
        services.AddStackExchangeRedisCache(o =>
        {
            o.InstanceName = options.InstanceName;
            o.ConfigurationOptions = ConfigurationOptions.Parse(options.Configuration!);
            o.ConfigurationOptions.AbortOnConnectFail = false;
        });

        services.TryAddSingleton<IRenderedFrameStore, DistributedRenderedFrameStore>();
        services.TryAddSingleton<SharedStudyModelStore>();
        services.Replace(ServiceDescriptor.Singleton<IWorklistNotifier, RedisWorklistNotifier>());
    }
}
