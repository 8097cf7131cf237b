using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Fixtures;
using PacsViewer.Web.Scaling;
using StackExchange.Redis;

namespace PacsViewer.Tests.Web.Scaling;

public sealed class ScalingRegistrationTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    /// <summary>
    /// The order that broke a server's shutdown: the distributed cache resolved after the worklist notifier is disposed
    /// first, and used to close the connection the notifier still had to unsubscribe on (ObjectDisposedException, the
    /// rest of the container left undisposed).
    /// </summary>
    [Fact]
    public async Task Dispose_DistributedCacheResolvedAfterNotifier_WholeContainerDisposedWithoutError()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IWorklistNotifier, WorklistNotifier>();
        ScalingRegistration.AddScaling(services, new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Redis:Configuration"] = _redis.Configuration }).Build());
        var provider = services.BuildServiceProvider();
        var notifier = provider.GetRequiredService<IWorklistNotifier>();
        var shared = provider.GetRequiredService<IConnectionMultiplexer>();
        var cache = provider.GetRequiredService<IDistributedCache>();
        await cache.SetAsync("scaling-test", [1, 2, 3]);

        // The cache is disposed first (resolved last): it must close only a connection of its own. Whether the notifier
        // then failed depended on how far the client had torn the shared connection down (seen once in eight runs).
        ((IDisposable)cache).Dispose();
        var sharedAfterCache = shared.IsConnected;
        var error = await Record.ExceptionAsync(() => provider.DisposeAsync().AsTask());

        Assert.IsType<RedisWorklistNotifier>(notifier);
        Assert.True(sharedAfterCache, "disposing the distributed cache closed the connection the notifier shares");
        Assert.Null(error);
        Assert.False(shared.IsConnected); // disposed by the container, after the notifier that used it
    }
}
