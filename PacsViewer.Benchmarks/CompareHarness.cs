using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace PacsViewer.Benchmarks;

/// <summary>
/// The --compare mode: a plain Stopwatch harness. Each round runs every measurement once, in an order that
/// rotates from round to round, so that noise from a shared machine falls on all readers alike; the table
/// reports medians over the rounds. Measurements:
/// <list type="bullet">
/// <item>PacsViewer in-process: a pass over all N files in this (warmed-up) process;</item>
/// <item>each reader as one process over all N files, and over one small file: T(N) and T(1). Per file amortised
/// is T(N)/N; per file net of start-up is (T(N) - T(1)) / (N - 1);</item>
/// <item>pydicom in-process: the script's own time.perf_counter passes after a warm-up pass.</item>
/// </list>
/// </summary>
internal static class CompareHarness
{
    private const int DefaultRounds = 7;

    public static int Run(string[] args)
    {
        var rounds = args is ["--rounds", var r, ..] ? int.Parse(r, CultureInfo.InvariantCulture) : DefaultRounds;

        Console.Error.WriteLine("checking the corpus with PacsViewer, dcmdump and pydicom ...");
        var corpus = SampleCorpus.Load();
        var files = corpus.Included.ToArray();
        var n = files.Length;
        if (n < 2)
        {
            throw new InvalidOperationException("need at least two readable sample files");
        }
        var small = files.MinBy(f => new FileInfo(f).Length)!;
        string[] one = [small];
        var script = ReferenceTools.PydicomScript(corpus.RepositoryRoot);
        var self = Path.Combine(AppContext.BaseDirectory, "PacsViewer.Benchmarks");
        var pyResult = Path.GetTempFileName();

        var timing = new InterleavedRounds();
        var Add = timing.Add;

        string pydicomVersion = "?";
        var measurements = new (string Name, Action Run)[]
        {
            ("ours.inproc", () =>
            {
                for (var i = 0; i < 3; i++)
                {
                    var sw = Stopwatch.StartNew();
                    HeaderReader.ReadAll(files);
                    Add("ours.inproc", sw.Elapsed.TotalSeconds);
                }
            }),
            ("ours.N", () => Add("ours.N", ProcessRunner.RunChecked(self, ["--read-headers", .. files]).Elapsed.TotalSeconds)),
            ("ours.1", () => Add("ours.1", ProcessRunner.RunChecked(self, ["--read-headers", .. one]).Elapsed.TotalSeconds)),
            ("dcmdump.N", () => Add("dcmdump.N", ReferenceTools.RunDcmdump(files).Elapsed.TotalSeconds)),
            ("dcmdump.1", () => Add("dcmdump.1", ReferenceTools.RunDcmdump(one).Elapsed.TotalSeconds)),
            ("pydicom.N", () => Add("pydicom.N", ReferenceTools.RunPydicom(script, files).Elapsed.TotalSeconds)),
            ("pydicom.1", () => Add("pydicom.1", ReferenceTools.RunPydicom(script, one).Elapsed.TotalSeconds)),
            ("pydicom.inproc", () =>
            {
                ProcessRunner.RunChecked(ReferenceTools.Python, [script, "--warmup", "1", "--repeat", "3", "--out", pyResult, .. files]);
                using var json = JsonDocument.Parse(File.ReadAllText(pyResult));
                pydicomVersion = json.RootElement.GetProperty("pydicom").GetString() ?? "?";
                foreach (var pass in json.RootElement.GetProperty("pass_seconds").EnumerateArray())
                {
                    Add("pydicom.inproc", pass.GetDouble());
                }
            }),
        };

        try
        {
            Console.Error.WriteLine($"warm-up, then {rounds} rounds over {n} files ...");
            timing.Run(measurements, rounds);
        }
        finally
        {
            File.Delete(pyResult);
        }

        Print(corpus, n, small, rounds, pydicomVersion, timing.Samples());
        return 0;
    }

    /// <summary>
    /// Every figure, ratios included, is computed within each round (one sample of each measurement, taken
    /// close together) and the table shows its median over the rounds, so that slow drifts in the machine's
    /// load cancel out of the ratios.
    /// </summary>
    private static void Print(SampleCorpus corpus, int n, string small, int rounds, string pydicomVersion, List<Dictionary<string, double>> samples)
    {
        double Fig(Func<Dictionary<string, double>, double> f) => InterleavedRounds.Median(samples.Select(f).ToList());
        double Amortised(Dictionary<string, double> m, string tool) => m[tool + ".N"] / n;
        double Net(Dictionary<string, double> m, string tool) => (m[tool + ".N"] - m[tool + ".1"]) / (n - 1);
        double OursWarm(Dictionary<string, double> m) => m["ours.inproc"] / n;
        double PyWarm(Dictionary<string, double> m) => m["pydicom.inproc"] / n;

        var c = CultureInfo.InvariantCulture;
        string Ms(string key) => (Fig(m => m[key]) * 1e3).ToString("0", c);
        string Us(Func<Dictionary<string, double>, double> f) => (Fig(f) * 1e6).ToString("0", c);
        string Ratio(Func<Dictionary<string, double>, double> ours, Func<Dictionary<string, double>, double> reference) =>
            Fig(m => ours(m) / reference(m)).ToString("0.00", c);

        Console.WriteLine($"Header read (stop before Pixel Data), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, "
            + $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, "
            + $"dcmdump {string.Join(' ', ReferenceTools.DcmdumpHeaderFlags)}, pydicom {pydicomVersion}.");
        Console.WriteLine($"N = {n} of {corpus.ManifestCount} manifest files; one-file runs use {corpus.Relative(small)} "
            + $"({new FileInfo(small).Length} bytes); medians over {rounds} interleaved rounds (ratios taken within each round).");
        Console.WriteLine();
        Console.WriteLine("| Reader | T(N): one process, N files (ms) | T(1): one process, 1 file (ms) | per file, amortised T(N)/N (µs) | per file, net of start-up (T(N)-T(1))/(N-1) (µs) | per file, in-process warm (µs) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| PacsViewer | {Ms("ours.N")} | {Ms("ours.1")} | {Us(m => Amortised(m, "ours"))} | {Us(m => Net(m, "ours"))} | {Us(OursWarm)} |");
        Console.WriteLine($"| dcmdump | {Ms("dcmdump.N")} | {Ms("dcmdump.1")} | {Us(m => Amortised(m, "dcmdump"))} | {Us(m => Net(m, "dcmdump"))} | n/a |");
        Console.WriteLine($"| pydicom | {Ms("pydicom.N")} | {Ms("pydicom.1")} | {Us(m => Amortised(m, "pydicom"))} | {Us(m => Net(m, "pydicom"))} | {Us(PyWarm)} |");
        Console.WriteLine();
        Console.WriteLine("| Ratio PacsViewer / reference, per file (below 1: PacsViewer faster) | vs dcmdump | vs pydicom |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| one process each, amortised (start-up included on both sides) | {Ratio(m => Amortised(m, "ours"), m => Amortised(m, "dcmdump"))} | {Ratio(m => Amortised(m, "ours"), m => Amortised(m, "pydicom"))} |");
        Console.WriteLine($"| one process each, net of start-up | {Ratio(m => Net(m, "ours"), m => Net(m, "dcmdump"))} | {Ratio(m => Net(m, "ours"), m => Net(m, "pydicom"))} |");
        Console.WriteLine($"| PacsViewer in-process warm vs reference net of start-up | {Ratio(OursWarm, m => Net(m, "dcmdump"))} | {Ratio(OursWarm, m => Net(m, "pydicom"))} |");
        Console.WriteLine($"| in-process warm, both | n/a | {Ratio(OursWarm, PyWarm)} |");
        Console.WriteLine();
        Console.WriteLine(corpus.Excluded.Count == 0 ? "Excluded: none." : "Excluded:");
        foreach (var e in corpus.Excluded)
        {
            Console.WriteLine($"- `{e.File}`: {e.Reason}");
        }
    }
}
