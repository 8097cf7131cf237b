using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Data;
using PacsViewer.Tests.Fixtures;
using PacsViewer.Web.Health;

namespace PacsViewer.Tests.Web.Health;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> of the real app, signed out (a load balancer does not sign in), with
/// admin-managed PACS connections to Orthanc and to a closed loopback port.
/// </summary>
[Collection(OrthancCollection.Name)]
public sealed class HealthEndpointsTests(OrthancFixture orthanc)
{
    private const string Secret = "Synthetic-Health-Secret-42";

    private PacsConnectionsWebApplicationFactory Factory(Action<HealthOptions>? health = null) => new(orthanc.Server)
    {
        ConfigureTestServices = services => services.Configure<HealthOptions>(o => health?.Invoke(o)),
    };

    private static async Task<(HttpStatusCode Status, JsonElement Body, string Text)> GetAsync(PacsViewerWebApplicationFactory factory, string path)
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    private static Dictionary<string, string> Checks(JsonElement body) =>
        body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);

    private static string Description(JsonElement body, string name) =>
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).GetProperty("description").GetString()!;

    private PacsConnectionEdit Dimse(string name, int port) => new()
    {
        Name = name, Kind = PacsSourceKind.Dimse, AeTitle = orthanc.Server.AeTitle, Host = "127.0.0.1", Port = port, TimeoutSeconds = 5,
    };

    [Fact]
    public async Task Live_SignedOut_Answers200Healthy()
    {
        using var factory = Factory();

        var (status, body, _) = await GetAsync(factory, "/health/live");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("checks").EnumerateArray());
    }

    [Fact]
    public async Task Ready_LiveConnections_Answers200HealthyWithEachCheckAndNoSecret()
    {
        using var factory = Factory();
        var connections = factory.Services.GetRequiredService<PacsConnectionService>();
        await connections.SaveAsync(Dimse("ready-dimse", orthanc.Server.DicomPort), "admin");
        await connections.SaveAsync(new PacsConnectionEdit
        {
            Name = "ready-web", Kind = PacsSourceKind.DicomWeb, Url = orthanc.Server.DicomWebRoot.ToString(), UserName = "viewer", NewPassword = Secret,
        }, "admin");

        var (status, body, text) = await GetAsync(factory, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = Checks(body);
        Assert.Equal("Healthy", checks["database"]);
        Assert.Equal("Healthy", checks["archive"]);
        Assert.Equal("Healthy", checks["pacs"]);
        Assert.Equal("Healthy", checks["pacs:ready-dimse"]);
        Assert.Equal("Healthy", checks["pacs:ready-web"]);
        Assert.Equal("Healthy", checks[$"pacs:{PacsConnectionsWebApplicationFactory.ConfiguredName}"]);
        Assert.Equal("3 of 3 PACS connections answer", Description(body, "pacs"));
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.True(connections.LastTest("ready-dimse")!.Success);
    }

    [Fact]
    public async Task Ready_StoppedPeer_Answers200DegradedNamingTheConnection()
    {
        using var factory = Factory();
        await factory.Services.GetRequiredService<PacsConnectionService>().SaveAsync(Dimse("stopped", LoopbackPort.Free()), "admin");

        var (status, body, _) = await GetAsync(factory, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        var checks = Checks(body);
        Assert.Equal("Degraded", checks["pacs:stopped"]);
        Assert.Equal("Healthy", checks[$"pacs:{PacsConnectionsWebApplicationFactory.ConfiguredName}"]);
        Assert.Equal("connection refused", Description(body, "pacs:stopped"));
        Assert.Equal("Healthy", checks["database"]);
    }

    [Fact]
    public async Task Ready_StoppedPeerWithPacsFailureStatusUnhealthy_Answers503()
    {
        using var factory = Factory(o => o.PacsFailureStatus = HealthStatus.Unhealthy);
        await factory.Services.GetRequiredService<PacsConnectionService>().SaveAsync(Dimse("stopped", LoopbackPort.Free()), "admin");

        var (status, body, _) = await GetAsync(factory, "/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", Checks(body)["pacs:stopped"]);
    }

    [Fact]
    public async Task Ready_PolledTwiceWithinCacheTime_ProbesThePeerOnce()
    {
        // A peer that accepts TCP connections and closes them at once: each probe is one accepted connection.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = 0;
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(stop.Token);
                Interlocked.Increment(ref accepted);
            }
        });
        using var factory = Factory(o => o.PacsCacheDuration = TimeSpan.FromMinutes(10));
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await factory.Services.GetRequiredService<PacsConnectionService>().SaveAsync(Dimse("counted", port), "admin");

        var first = await GetAsync(factory, "/health/ready");
        var second = await GetAsync(factory, "/health/ready");

        Assert.Equal("Degraded", Checks(first.Body)["pacs:counted"]);
        Assert.Equal("Degraded", Checks(second.Body)["pacs:counted"]);
        Assert.Equal(Description(first.Body, "pacs:counted"), Description(second.Body, "pacs:counted"));
        Assert.Equal(1, Volatile.Read(ref accepted));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);
    }

    [Fact]
    public async Task DatabaseCheck_PostgresOnClosedPort_Unhealthy()
    {
        var closed = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
        var database = new PacsViewerDatabase(new DatabaseOptions
        {
            Provider = DatabaseProvider.Postgres,
            ConnectionString = $"Host=127.0.0.1;Port={closed};Username=pacs;Password={Secret};Database=pacs;Timeout=3",
        });
        var check = new DatabaseHealthCheck(database, Options.Create(new HealthOptions()));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("Postgres database not reachable", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Description, StringComparison.Ordinal);
    }
}
