using System.Diagnostics;
using Npgsql;

namespace PacsViewer.Tests.Fixtures;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb in a temporary folder, started with pg_ctl on 127.0.0.1 at a free port
/// (fsync off, trust authentication), stopped and deleted on dispose. As root the server runs as the postgres user.
/// Missing server binaries fail with a message saying what to install. No test framework here: the tests wrap it in
/// <see cref="PostgresServer"/>, and PacsViewer.Benchmarks links this file (--worklist-compare).
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private string? _folder;
    private string? _bin;
    private int _databases;

    public int Port { get; private set; }

    /// <summary>The connection string of the maintenance database <c>postgres</c>.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = false,
        Timeout = 15,
    }.ConnectionString;

    /// <summary>Creates and starts the cluster (about a second).</summary>
    public async Task StartAsync()
    {
        _bin = FindBinaries();
        _folder = Directory.CreateTempSubdirectory("pacs-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _folder]);
        }
        Port = LoopbackPort.Free();
        var data = Path.Combine(_folder, "data");
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"], asRoot);
        await RunAsync(Path.Combine(_bin, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(_folder, "log"), "-w", "-t", "30",
             "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {_folder} -c fsync=off -c full_page_writes=off", "start"], asRoot);
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var unique = $"{prefix}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        var name = unique[..Math.Min(unique.Length, 40)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is null || _bin is null)
        {
            return;
        }
        try
        {
            NpgsqlConnection.ClearAllPools();
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"],
                Environment.UserName == "root");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.EnumerateDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, pg_ctl) not found under {root}: install them with 'apt-get install postgresql' (test.sh does).");
    }

    private static async Task RunAsync(string file, string[] args, bool asPostgres = false)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        using var timeout = new CancellationTokenSource(CommandTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish within {CommandTimeout.TotalSeconds} s");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', args)} failed with exit code {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}
