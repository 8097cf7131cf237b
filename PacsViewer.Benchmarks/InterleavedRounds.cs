namespace PacsViewer.Benchmarks;

/// <summary>
/// The timing scheme both Stopwatch harnesses share (--compare and --render-compare): a warm-up round that is thrown
/// away, then rounds in which every measurement runs once, in an order that rotates by three from round to round so
/// that noise from a shared machine falls on all of them alike. Measurements record seconds under a key with
/// <see cref="Add"/>; <see cref="Samples"/> gives each round's median per key, from which figures and ratios are
/// taken within a round and then their median over rounds (<see cref="Median"/>).
/// </summary>
internal sealed class InterleavedRounds
{
    private readonly List<Dictionary<string, List<double>>> _rounds = [];

    /// <summary>Records one time, in seconds, for <paramref name="key"/> in the current round.</summary>
    public void Add(string key, double seconds)
    {
        var round = _rounds[^1];
        (round.TryGetValue(key, out var list) ? list : round[key] = []).Add(seconds);
    }

    /// <summary>Runs the warm-up round, then <paramref name="rounds"/> rotating rounds of <paramref name="measurements"/>.</summary>
    public void Run(IReadOnlyList<(string Name, Action Run)> measurements, int rounds, Action<int>? roundDone = null)
    {
        _rounds.Clear();
        _rounds.Add([]);
        foreach (var m in measurements)
        {
            m.Run();
        }
        _rounds.Clear();
        for (var round = 0; round < rounds; round++)
        {
            _rounds.Add([]);
            for (var i = 0; i < measurements.Count; i++)
            {
                measurements[(i + round * 3) % measurements.Count].Run();
            }
            roundDone?.Invoke(round);
        }
    }

    /// <summary>
    /// <see cref="Run"/> for asynchronous measurements (network retrievals): the same warm-up round and rotation,
    /// each measurement awaited before the next starts.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<(string Name, Func<Task> Run)> measurements, int rounds, Action<int>? roundDone = null)
    {
        _rounds.Clear();
        _rounds.Add([]);
        foreach (var m in measurements)
        {
            await m.Run();
        }
        _rounds.Clear();
        for (var round = 0; round < rounds; round++)
        {
            _rounds.Add([]);
            for (var i = 0; i < measurements.Count; i++)
            {
                await measurements[(i + round * 3) % measurements.Count].Run();
            }
            roundDone?.Invoke(round);
        }
    }

    /// <summary>Per round, the median of each key's times.</summary>
    public List<Dictionary<string, double>> Samples() =>
        _rounds.Select(round => round.ToDictionary(kv => kv.Key, kv => Median(kv.Value))).ToList();

    /// <summary>Seconds per call of <paramref name="action"/> run <paramref name="count"/> times back to back.</summary>
    public static double PerCall(int count, Action action)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            action();
        }
        return stopwatch.Elapsed.TotalSeconds / count;
    }

    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
