using System.Net;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PacsViewer.Tests.Web;

/// <summary>The desktop app: the web app manifest, its icons (served without sign-in) and the pages linking it.</summary>
public sealed class PwaManifestTests : IDisposable
{
    private readonly PacsViewerWebApplicationFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private HttpClient Anonymous() => _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Manifest_SignedOut_ServedAsManifestJsonWithTheAppsFields()
    {
        using var client = Anonymous();

        using var response = await client.GetAsync(new Uri("/manifest.webmanifest", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/manifest+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("PacsViewer", root.GetProperty("name").GetString());
        Assert.Equal("PacsViewer", root.GetProperty("short_name").GetString());
        Assert.Equal("/worklist", root.GetProperty("start_url").GetString());
        Assert.Equal("/", root.GetProperty("scope").GetString());
        Assert.Equal("standalone", root.GetProperty("display").GetString());
        Assert.Equal("#594ae2", root.GetProperty("theme_color").GetString());
        Assert.Equal("#ffffff", root.GetProperty("background_color").GetString());
        var icons = root.GetProperty("icons").EnumerateArray()
            .Select(i => (i.GetProperty("src").GetString(), i.GetProperty("sizes").GetString(), i.GetProperty("purpose").GetString())).ToList();
        Assert.Contains(("/icons/icon-192.png", "192x192", "any"), icons);
        Assert.Contains(("/icons/icon-512.png", "512x512", "any"), icons);
        Assert.Contains(("/icons/icon-maskable-512.png", "512x512", "maskable"), icons);
    }

    [Fact]
    public async Task Icons_SignedOut_DecodeAtTheirDeclaredSizes()
    {
        using var client = Anonymous();
        var manifest = JsonDocument.Parse(await client.GetStringAsync(new Uri("/manifest.webmanifest", UriKind.Relative)));

        foreach (var icon in manifest.RootElement.GetProperty("icons").EnumerateArray())
        {
            using var response = await client.GetAsync(new Uri(icon.GetProperty("src").GetString()!, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            using var image = Image.Load<Rgba32>(await response.Content.ReadAsByteArrayAsync());
            var size = icon.GetProperty("sizes").GetString()!.Split('x').Select(int.Parse).ToArray();
            Assert.Equal((size[0], size[1]), (image.Width, image.Height));
            // A maskable icon fills the square (opaque corner); the others are rounded (transparent corner).
            var corner = image[0, 0].A;
            Assert.Equal(icon.GetProperty("purpose").GetString() == "maskable" ? 255 : 0, corner);
        }
    }

    [Fact]
    public async Task LoginPage_LinksTheManifestAndThemeColor()
    {
        using var client = Anonymous();

        var html = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));

        Assert.Contains("<link rel=\"manifest\" href=\"manifest.webmanifest\"", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"theme-color\" content=\"#594ae2\"", html, StringComparison.Ordinal);
    }
}
