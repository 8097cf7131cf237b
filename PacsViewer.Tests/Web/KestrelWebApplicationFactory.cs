using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PacsViewer.Tests.Web;

/// <summary>
/// Hosts the real app on Kestrel at 127.0.0.1 with an OS-chosen port, so a browser can reach it.
/// </summary>
internal sealed class KestrelWebApplicationFactory : PacsViewerWebApplicationFactory
{
    public KestrelWebApplicationFactory()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <param name="seedDemo">Seed the archive with the demo studies after start (wait for <c>DemoSeedingService.Completion</c>).</param>
    public KestrelWebApplicationFactory(bool seedDemo)
        : base(Directory.CreateTempSubdirectory("pacs-web-").FullName, seedDemo, ownsFolder: true)
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Starts the server and returns its base address (http://127.0.0.1:PORT/).</summary>
    public Uri Start()
    {
        StartServer();
        return ClientOptions.BaseAddress;
    }
}
