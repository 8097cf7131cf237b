using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Web.Scaling;

/// <summary>
/// Two app instances (A and B) against one throwaway PostgreSQL cluster, one Redis server and one data folder. A starts
/// first (it migrates the database and seeds the demo users) and issues the first Data Protection key; then B starts.
/// </summary>
public sealed class TwoInstanceFixture : IAsyncLifetime
{
    private readonly PostgresCluster _postgres = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("pacs-scale-").FullName;
    private ScaledWebApplicationFactory? _a;
    private ScaledWebApplicationFactory? _b;

    public RedisServer Redis { get; } = new();

    public PacsViewerWebApplicationFactory A => _a ?? throw new InvalidOperationException("not started");

    public PacsViewerWebApplicationFactory B => _b ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        await _postgres.StartAsync();
        var database = await _postgres.CreateDatabaseAsync("scale");
        _a = new ScaledWebApplicationFactory(_folder, "a", database, Redis.Configuration);
        using (var client = _a.CreateClient())
        {
            // The login form's antiforgery token makes A create the shared key ring's first key.
            (await client.GetAsync(new Uri("/account/login", UriKind.Relative))).EnsureSuccessStatusCode();
        }
        _b = new ScaledWebApplicationFactory(_folder, "b", database, Redis.Configuration);
        using (var client = _b.CreateClient())
        {
            (await client.GetAsync(new Uri("/account/login", UriKind.Relative))).EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync()
    {
        if (_b is not null)
        {
            await _b.DisposeAsync();
        }
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }
        await _postgres.DisposeAsync();
        await Redis.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
