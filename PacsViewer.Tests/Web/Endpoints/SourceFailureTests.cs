using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Web.Endpoints;

/// <summary>A configured PACS that does not answer: the API says which source failed, with 502, and the archive still works.</summary>
public sealed class SourceFailureTests : IDisposable
{
    private readonly DownSourceFactory _factory = new(LoopbackPort.Free());

    [Fact]
    public async Task Studies_SourceUnreachable_Returns502NamingTheSource()
    {
        using var client = _factory.CreateClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Radiologist);

        var sources = await client.GetFromJsonAsync<JsonElement>("/api/sources");
        using var response = await client.GetAsync("/api/sources/down-pacs/studies?patientName=A*");
        using var archive = await client.GetAsync("/api/sources/archive/studies");

        Assert.Contains(sources.EnumerateArray(), s => s.GetProperty("id").GetString() == "down-pacs" && s.GetProperty("kind").GetString() == "dicomweb");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("down-pacs", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
    }

    [Fact]
    public async Task Model_SourceUnreachable_Returns502()
    {
        using var client = _factory.CreateClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Radiologist);

        using var response = await client.GetAsync("/api/sources/down-pacs/studies/1.2.3/model");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    public void Dispose() => _factory.Dispose();

    private sealed class DownSourceFactory(int port) : PacsViewerWebApplicationFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Pacs:Sources is read while services are registered: host settings. Nothing listens on the port.
            builder.UseSetting("Pacs:Sources:0:Name", "down-pacs");
            builder.UseSetting("Pacs:Sources:0:Kind", "dicomweb");
            builder.UseSetting("Pacs:Sources:0:Url", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/dicom-web/");
            builder.UseSetting("Pacs:Sources:0:Retries", "0");
            builder.UseSetting("Pacs:Sources:0:TimeoutSeconds", "10");
        }
    }
}
