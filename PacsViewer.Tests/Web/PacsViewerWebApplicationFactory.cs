using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PacsViewer.Tests.Web;

/// <summary>
/// The app under test (Development, like <see cref="WebApplicationFactory{TEntryPoint}"/>) with its archive and
/// SQLite database in a temporary folder that is deleted afterwards, never the repository's data folder. Demo
/// seeding is off unless asked for.
/// </summary>
public class PacsViewerWebApplicationFactory : WebApplicationFactory<Program>
{
    /// <summary>How long disposal waits for the app's services to be disposed before the folder is deleted.</summary>
    private static readonly TimeSpan ServicesDisposalTimeout = TimeSpan.FromSeconds(30);

    private readonly bool _ownsFolder;
    private ServicesDisposed? _servicesDisposed;

    public PacsViewerWebApplicationFactory() : this(Directory.CreateTempSubdirectory("pacs-web-").FullName, seedDemo: false, ownsFolder: true)
    {
    }

    /// <param name="dataFolder">Where the archive and database live (kept by the caller when <paramref name="ownsFolder"/> is false).</param>
    protected PacsViewerWebApplicationFactory(string dataFolder, bool seedDemo, bool ownsFolder)
    {
        DataFolder = dataFolder;
        SeedDemo = seedDemo;
        _ownsFolder = ownsFolder;
    }

    public string DataFolder { get; }

    public bool SeedDemo { get; }

    /// <summary>Services the test adds after the app's own (e.g. a decorator of a real source).</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Archive:Path"] = Path.Combine(DataFolder, "archive"),
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:PacsViewer"] = $"Data Source={Path.Combine(DataFolder, "pacsviewer.db")};Pooling=False",
            ["Demo:SeedArchive"] = SeedDemo ? "true" : "false",
            // The retrieval cache in the app's own folder: the storage sampler opens it at start, and a cache opened on the
            // shared default folder deletes the files of another test app's cache.
            ["Cache:Path"] = Path.Combine(DataFolder, "cache"),
        }));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ServicesDisposed>();
            // Hosted services are built in registration order, and some open the retrieval cache as they are built or
            // started (the storage sampler): an anchor registered first creates the marker before them, so the container
            // disposes the marker after the cache has written its index.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, ServicesDisposedAnchor>());
        });
        if (ConfigureTestServices is { } configure)
        {
            builder.ConfigureServices(configure);
        }
    }

    /// <summary>
    /// Resolves the disposal marker before the host starts, so the container (which disposes in reverse order of
    /// creation) disposes it after the services that write into <see cref="DataFolder"/> (the retrieval cache, the archive).
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _servicesDisposed = host.Services.GetRequiredService<ServicesDisposed>();
        return new SingleShutdownHost(host, _servicesDisposed);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }
        // With top-level statements the app's own Run() disposes the services on another thread once the host stops,
        // and the factory's second dispose of the container returns at once; a cache writing its index then would race
        // the deletion below (or the next app started on the same folder).
        if (_servicesDisposed is { } marker && !marker.Disposed.Wait(ServicesDisposalTimeout))
        {
            throw new TimeoutException($"the app's services were not disposed within {ServicesDisposalTimeout.TotalSeconds} s");
        }
        if (!_ownsFolder || !Directory.Exists(DataFolder))
        {
            return;
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException e)
        {
            var left = Directory.Exists(DataFolder)
                ? string.Join(", ", Directory.EnumerateFileSystemEntries(DataFolder, "*", SearchOption.AllDirectories))
                : "(nothing)";
            throw new IOException($"{e.Message}; left behind: {left}", e);
        }
    }

    /// <summary>
    /// The app's host as the factory sees it. With top-level statements the app's own <c>RunAsync</c> stops and disposes
    /// the host on its own thread as soon as the factory asks it to stop, while the factory's <c>StopAsync</c> is still
    /// stopping the same hosted services: a service could be stopped a second time while the container disposes it
    /// (dotnet/aspnetcore#40271; seen as an ObjectDisposedException in a class cleanup). This host asks the app to stop
    /// through its lifetime instead, so the app's <c>RunAsync</c> stops the host once, and waits for it to finish.
    /// </summary>
    private sealed class SingleShutdownHost(IHost inner, ServicesDisposed marker) : IHost
    {
        public IServiceProvider Services => inner.Services;

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken = default)
        {
            if (marker.Disposed.IsSet)
            {
                return; // The app has stopped and disposed its host already.
            }
            IHostApplicationLifetime lifetime;
            try
            {
                lifetime = inner.Services.GetRequiredService<IHostApplicationLifetime>();
            }
            catch (ObjectDisposedException)
            {
                return; // Disposing right now: it has stopped.
            }
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStopped.Register(() => stopped.TrySetResult()))
            {
                lifetime.StopApplication();
                await stopped.Task.WaitAsync(ServicesDisposalTimeout, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The app's <c>RunAsync</c> disposes the host after stopping it; this waits for that (see <see cref="Dispose(bool)"/>).</summary>
        public void Dispose()
        {
            if (!marker.Disposed.Wait(ServicesDisposalTimeout))
            {
                inner.Dispose();
            }
        }
    }

    /// <summary>Set when the app's service container disposes it.</summary>
    private sealed class ServicesDisposed : IDisposable
    {
        public ManualResetEventSlim Disposed { get; } = new();

        public void Dispose() => Disposed.Set();
    }

    /// <summary>Creates <see cref="ServicesDisposed"/> before every other hosted service; does nothing itself.</summary>
    private sealed class ServicesDisposedAnchor(ServicesDisposed marker) : IHostedService
    {
        public ServicesDisposed Marker { get; } = marker;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
