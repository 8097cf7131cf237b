using System.Globalization;

namespace PacsViewer.Benchmarks;

/// <summary>
/// CPU time of a retrieval, besides its wall-clock time: on a machine shared with other jobs the wall clock moves by
/// tens of percent from run to run, the CPU a method spends much less. Ours is this process's (every thread: the
/// receive loop, the thread pool, the cache's threads, the JIT and the GC), summed from each thread's
/// <c>/proc/self/task/*/schedstat</c> (nanoseconds); getscu's is what the kernel accounts to a child once it has been
/// waited for (<c>/proc/self/stat</c> cutime + cstime, in clock ticks of 10 ms). Orthanc's time is in neither.
/// </summary>
internal static partial class RetrieveCompareHarness
{
    /// <summary>USER_HZ on Linux: the unit of the times in /proc/PID/stat.</summary>
    private const double ClockTicksPerSecond = 100;

    /// <summary>Seconds of CPU used so far by this process's live threads.</summary>
    private static double SelfCpuSeconds()
    {
        long nanoseconds = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var text = File.ReadAllText(Path.Combine(task, "schedstat"));
                nanoseconds += long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread ended meanwhile.
            }
        }
        return nanoseconds / 1e9;
    }

    /// <summary>Seconds of CPU used by the children this process has waited for (getscu, movescu, curl).</summary>
    private static double ChildrenCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // Fields after the command name in parentheses: state is field 3; cutime and cstime are fields 16 and 17 (proc(5)).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    /// <summary>CPU meter started with a retrieval; <see cref="Stop"/> records its CPU seconds under KEY.cpu.</summary>
    /// <remarks>Also records the bytes this process allocated meanwhile (KEY.alloc), for our in-process methods.</remarks>
    private sealed class CpuMeter(InterleavedRounds timing, string key, bool children)
    {
        private readonly double _start = children ? ChildrenCpuSeconds() : SelfCpuSeconds();
        private readonly long _allocated = GC.GetTotalAllocatedBytes(precise: true);

        public void Stop()
        {
            timing.Add(key + ".cpu", (children ? ChildrenCpuSeconds() : SelfCpuSeconds()) - _start);
            if (!children)
            {
                timing.Add(key + ".alloc", GC.GetTotalAllocatedBytes(precise: true) - _allocated);
            }
        }
    }

    private static void PrintCpu(List<Dictionary<string, double>> samples)
    {
        var c = CultureInfo.InvariantCulture;
        double Fig(Func<Dictionary<string, double>, double> f) => InterleavedRounds.Median(samples.Select(f).ToList());
        bool Has(string key) => samples.All(m => m.ContainsKey(key));
        string Ms(string key) => Has(key) ? (Fig(m => m[key]) * 1e3).ToString("0", c) : "n/a";
        string Ratio(string ours, string reference) => Has(ours) && Has(reference) ? Fig(m => m[ours] / m[reference]).ToString("0.00", c) : "n/a";
        if (!Has("getcache.cpu") && !Has("getnosync.cpu") && !Has("getcachealt.cpu"))
        {
            return;
        }
        Console.WriteLine();
        Console.WriteLine("CPU time of the retrieval (ours: every thread of this process, polling thread of the first-file watch included for get and getnosync; "
            + "getscu: the child process, 10 ms ticks; Orthanc's in neither):");
        Console.WriteLine();
        Console.WriteLine("| Method | CPU (ms) | CPU / getscu's CPU | CPU / wall-clock total | allocated (MB) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (key, name) in new[]
        {
            ("get", "PacsViewer C-GET"), ("getnosync", "PacsViewer C-GET without fsync"), ("getcache", "PacsViewer C-GET into the retrieval cache"),
            ("getcachealt", "PacsViewer C-GET into the retrieval cache, --alt-* variant"), ("getscu", "dcmtk `getscu`"),
        })
        {
            if (Has(key + ".cpu"))
            {
                var allocated = Has(key + ".alloc") ? (Fig(m => m[key + ".alloc"]) / 1e6).ToString("0.0", c) : "n/a";
                Console.WriteLine($"| {name} | {Ms(key + ".cpu")} | {Ratio(key + ".cpu", "getscu.cpu")} | {Ratio(key + ".cpu", key + ".total")} | {allocated} |");
            }
        }
        if (Has("getcachealt.cpu"))
        {
            Console.WriteLine($"| C-GET into the cache, --alt-* variant / as configured (same rounds) | {Ratio("getcachealt.cpu", "getcache.cpu")} | | | {Ratio("getcachealt.alloc", "getcache.alloc")} |");
        }
    }
}
