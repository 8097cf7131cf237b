using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using PacsViewer.Core.Data;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Benchmarks.Worklist;

/// <summary>
/// The --worklist-compare mode (issue 6: "the worklist grid stays fast with 100,000 studies"): a throwaway SQLite file
/// and a throwaway PostgreSQL cluster on 127.0.0.1 (<see cref="PostgresCluster"/>), each migrated as the app migrates
/// and loaded with the same synthetic worklist (<see cref="SyntheticWorklist"/>, <see cref="WorklistBulkLoader"/>).
/// Then <see cref="WorklistService.QueryAsync"/> (the grid's call: the page and its total count) runs each page
/// request of <see cref="WorklistQueries"/> in interleaved rounds (<see cref="InterleavedRounds"/>), beside a reference
/// in the same run: a primary-key range read of one page through the same database and context type. Each call's
/// page is checked (size, and the same total on both providers). Reports median and p95 per query and provider, the
/// ratio to the reference, and the issue's absolute goal (under 50 ms a page).
/// </summary>
internal static class WorklistCompareHarness
{
    public const double GoalMs = 50;
    private const string Reference = "primary-key read of 50 rows (reference)";

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows") ?? 100_000;
        var iterations = Option(args, "--iterations") ?? 20;
        if (rows < WorklistQueries.PageSize || iterations < 1)
        {
            throw new ArgumentException($"--rows must be at least {WorklistQueries.PageSize} and --iterations at least 1");
        }
        var loadBefore = LoadAverage();
        var temp = Directory.CreateTempSubdirectory("pacs-worklist-bench-").FullName;
        await using var cluster = new PostgresCluster();
        try
        {
            Note("starting PostgreSQL ...");
            await cluster.StartAsync();
            // The app pools its connections; the fixture's connection strings do not (tests drop databases).
            var postgresConnection = new NpgsqlConnectionStringBuilder(await cluster.CreateDatabaseAsync("worklist")) { Pooling = true }.ConnectionString;
            var providers = new List<Provider>
            {
                new("SQLite", new PacsViewerDatabase(new DatabaseOptions
                {
                    Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(temp, "worklist.db")}",
                })),
                new("PostgreSQL", new PacsViewerDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = postgresConnection })),
            };
            foreach (var provider in providers)
            {
                Note($"{provider.Name}: migrating and loading {rows:N0} rows ...");
                await provider.Database.MigrateAsync();
                var load = Stopwatch.StartNew();
                await WorklistBulkLoader.LoadAsync(provider.Database, SyntheticWorklist.Generate(rows));
                provider.LoadSeconds = load.Elapsed.TotalSeconds;
                var count = await WorklistBulkLoader.CountAsync(provider.Database);
                if (count != rows)
                {
                    throw new InvalidOperationException($"{provider.Name} holds {count} rows after loading {rows}");
                }
            }

            var sample = SyntheticWorklist.Generate(rows).ElementAt(rows / 3);
            var queries = WorklistQueries.For(rows, sample);
            var totals = new Dictionary<string, int>();
            var timing = new InterleavedRounds();
            var measurements = new List<(string Name, Func<Task> Run)>();
            foreach (var provider in providers)
            {
                var service = new WorklistService(provider.Database, new WorklistNotifier(), Options.Create(new WorklistOptions()), TimeProvider.System);
                var middle = rows / 2;
                measurements.Add(($"{provider.Name}|{Reference}", async () =>
                {
                    var clock = Stopwatch.StartNew();
                    await using var db = provider.Database.CreateContext();
                    var page = await db.WorklistEntries.AsNoTracking().Where(e => e.Id > middle).OrderBy(e => e.Id).Take(WorklistQueries.PageSize).ToListAsync();
                    timing.Add($"{provider.Name}|{Reference}", clock.Elapsed.TotalSeconds);
                    Check(page.Count == WorklistQueries.PageSize, $"{provider.Name} reference read {page.Count} rows");
                }));
                foreach (var query in queries)
                {
                    var key = $"{provider.Name}|{query.Name}";
                    measurements.Add((key, async () =>
                    {
                        var clock = Stopwatch.StartNew();
                        var page = await service.QueryAsync(query.Request, query.User);
                        timing.Add(key, clock.Elapsed.TotalSeconds);
                        CheckPage(query, page, provider.Name, totals);
                    }));
                }
            }
            Note($"timing {queries.Count} queries on both providers, {iterations} rounds after a warm-up round ...");
            await timing.RunAsync(measurements, iterations);
            var explain = args.Contains("--explain");
            if (explain)
            {
                foreach (var provider in providers)
                {
                    await WorklistQueryPlans.PrintAsync(provider.Name, provider.Database, queries);
                }
            }
            Print(rows, iterations, queries, providers, timing.Samples(), totals, loadBefore, LoadAverage());
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            if (args.Contains("--keep"))
            {
                Note($"kept the SQLite database in {temp}");
            }
            else
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>The page holds the rows it should, and both providers count the same matches.</summary>
    private static void CheckPage(WorklistQuery query, WorklistPage page, string provider, Dictionary<string, int> totals)
    {
        var expected = Math.Clamp(page.TotalCount - query.Request.Offset, 0, query.Request.Limit);
        Check(page.Items.Count == expected, $"{provider} '{query.Name}': {page.Items.Count} rows on the page, expected {expected} of {page.TotalCount}");
        if (totals.TryGetValue(query.Name, out var total))
        {
            Check(total == page.TotalCount, $"'{query.Name}': {provider} counts {page.TotalCount}, the other provider {total}");
        }
        else
        {
            totals[query.Name] = page.TotalCount;
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static void Print(int rows, int iterations, IReadOnlyList<WorklistQuery> queries, List<Provider> providers,
        List<Dictionary<string, double>> samples, Dictionary<string, int> totals, string[] loadBefore, string[] loadAfter)
    {
        var c = CultureInfo.InvariantCulture;
        double[] Ms(string key) => samples.Select(s => s[key] * 1e3).ToArray();
        string Median(string key) => InterleavedRounds.Median(Ms(key)).ToString("0.0", c);
        string P95(string key) => Percentile(Ms(key), 0.95).ToString("0.0", c);
        string Ratio(string provider, string key) =>
            InterleavedRounds.Median(samples.Select(s => s[$"{provider}|{key}"] / s[$"{provider}|{Reference}"]).ToList()).ToString("0.0", c);

        Console.WriteLine($"# Worklist page query, {rows:N0} studies ({iterations} rounds after a warm-up round; load average {string.Join(' ', loadBefore)} before, {string.Join(' ', loadAfter)} after)");
        Console.WriteLine();
        foreach (var p in providers)
        {
            Console.WriteLine($"- {p.Name}: loaded in {p.LoadSeconds.ToString("0.0", c)} s");
        }
        Console.WriteLine();
        var names = providers.Select(p => p.Name).ToArray();
        Console.WriteLine("| query | matches | " + string.Join(" | ", names.Select(n => $"{n} median ms | {n} p95 ms | {n} / reference")) + " | under 50 ms (p95) |");
        Console.WriteLine("|---|---:|" + string.Concat(names.Select(_ => "---:|---:|---:|")) + "---|");
        Console.WriteLine($"| {Reference} | {WorklistQueries.PageSize} | " +
                          string.Join(" | ", names.Select(n => $"{Median($"{n}|{Reference}")} | {P95($"{n}|{Reference}")} | 1.0")) + " | |");
        var over = new List<string>();
        foreach (var q in queries)
        {
            var slow = names.Where(n => Percentile(Ms($"{n}|{q.Name}"), 0.95) >= GoalMs).ToList();
            over.AddRange(slow.Select(n => $"{n} '{q.Name}'"));
            Console.WriteLine($"| {q.Name} | {totals[q.Name]} | " +
                              string.Join(" | ", names.Select(n => $"{Median($"{n}|{q.Name}")} | {P95($"{n}|{q.Name}")} | {Ratio(n, q.Name)}")) +
                              $" | {(slow.Count == 0 ? "yes" : "no: " + string.Join(", ", slow))} |");
        }
        Console.WriteLine();
        Console.WriteLine(over.Count == 0
            ? $"Every page query's p95 is under the {GoalMs} ms goal on both providers."
            : $"Over the {GoalMs} ms goal (p95): {string.Join("; ", over)}.");
        Console.WriteLine("Times are one WorklistService.QueryAsync call each (a new context, the total count, the page), the reference the same context reading 50 rows by primary key.");
    }

    private static double Percentile(double[] values, double fraction)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(fraction * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private static int? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
    }

    private static string[] LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0..3];

    private static void Note(string text) => Console.Error.WriteLine(text);

    private sealed class Provider(string name, PacsViewerDatabase database)
    {
        public string Name { get; } = name;

        public PacsViewerDatabase Database { get; } = database;

        public double LoadSeconds { get; set; }
    }
}
