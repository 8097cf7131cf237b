using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace PacsViewer.Tests.Web.Scaling;

/// <summary>
/// One of several app instances sharing a data folder (the built-in archive's files), a PostgreSQL database and a
/// Redis server, as two servers behind a load balancer would; each keeps its own retrieval cache folder.
/// </summary>
internal sealed class ScaledWebApplicationFactory(string sharedFolder, string name, string postgres, string redis)
    : PacsViewerWebApplicationFactory(sharedFolder, seedDemo: false, ownsFolder: false)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // After the base's settings, so these win (read through options, once the host is built).
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:PacsViewer"] = postgres,
            ["Redis:Configuration"] = redis,
            ["Cache:Path"] = Path.Combine(DataFolder, "cache-" + name),
        }));
        // Also a host setting (passed to Program as an argument): Redis is chosen while Program registers its services,
        // before configuration added above applies.
        builder.UseSetting("Redis:Configuration", redis);
    }
}
