namespace PacsViewer.Tests.Fixtures;

/// <summary>
/// A throwaway PostgreSQL cluster (<see cref="PostgresCluster"/>) as an xunit fixture: started before the first test of
/// the class or collection, stopped and deleted after the last. Use <see cref="CreateDatabaseAsync"/> to give each
/// test its own empty database.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly PostgresCluster _cluster = new();

    public int Port => _cluster.Port;

    /// <summary>The connection string of the maintenance database <c>postgres</c>.</summary>
    public string AdminConnectionString => _cluster.AdminConnectionString;

    public string ConnectionString(string database) => _cluster.ConnectionString(database);

    public Task InitializeAsync() => _cluster.StartAsync();

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(string prefix = "test") => _cluster.CreateDatabaseAsync(prefix);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();
}
