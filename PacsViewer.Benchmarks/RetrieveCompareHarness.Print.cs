using System.Globalization;
using System.Runtime.InteropServices;

namespace PacsViewer.Benchmarks;

/// <summary>The report of --retrieve-compare: figures per method, then ratios taken within each round.</summary>
internal static partial class RetrieveCompareHarness
{
    private static void Print(List<Dictionary<string, double>> samples, int rounds, int warmup, SeriesInfo series, SortedSet<string> syntaxes, string dcmtk,
        string[] loadBefore, string[] loadAfter)
    {
        var c = CultureInfo.InvariantCulture;
        double Fig(Func<Dictionary<string, double>, double> f) => InterleavedRounds.Median(samples.Select(f).ToList());
        string Ms(string key) => samples.All(m => m.ContainsKey(key)) ? (Fig(m => m[key]) * 1e3).ToString("0", c) : "n/a";
        string MbPer(string method, string total) =>
            samples.All(m => m.ContainsKey(total)) ? Fig(m => m[method + ".bytes"] / 1e6 / m[total]).ToString("0", c) : "n/a";
        string MbPerS(string method) => MbPer(method, method + ".total");
        string Ratio(string ours, string reference) =>
            samples.All(m => m.ContainsKey(ours) && m.ContainsKey(reference)) ? Fig(m => m[ours] / m[reference]).ToString("0.00", c) : "n/a";

        Console.WriteLine($"Retrieving a series, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, "
            + $".NET {Environment.Version}, {dcmtk}; Orthanc on 127.0.0.1; load average {string.Join(' ', loadBefore)} before, {string.Join(' ', loadAfter)} after.");
        Console.WriteLine($"Series: {series.Count} CT slices 512x512, {(series.Bytes / 1e6).ToString("0.0", c)} MB as uploaded; medians over {rounds} interleaved rounds "
            + $"(after {warmup} warm-up round{(warmup == 1 ? "" : "s")}; ratios taken within each round). MB = 10^6 bytes received on disk.");
        Console.WriteLine();
        Console.WriteLine("| Method | total (ms) | first instance on disk (ms) | MB/s | first instance timed by |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        Console.WriteLine($"| PacsViewer C-GET (`DicomClient.GetAsync`) | {Ms("get.total")} | {Ms("get.first")} | {MbPerS("get")} | polling the output directory (file complete and renamed; fsync follows in the background, all done before the total) |");
        Console.WriteLine($"| PacsViewer C-GET without fsync (`FlushRetrievedFiles` off, as the DIMSE study source runs it) | {Ms("getnosync.total")} | {Ms("getnosync.first")} | {MbPerS("getnosync")} | polling the output directory (file complete and renamed) |");
        Console.WriteLine($"| PacsViewer C-GET into the retrieval cache (`CachingStudySource.RetrieveSeriesAsync` over `DimseStudySource` into an empty cache: one C-GET, no C-FIND listing; each sub-operation answered once its file is written in the cache's folder, which renames it) | {Ms("getcache.total")} | {Ms("getcache.first")} | {MbPerS("getcache")} | in-process: first lease (file written, renamed, opened; fsync in the background) |");
        Console.WriteLine($"| PacsViewer C-GET into the retrieval cache, until every file is fsync'ed (`RetrievalCache.FlushAsync`) | {Ms("getcache.durable")} | n/a | {MbPer("getcache", "getcache.durable")} | |");
        Console.WriteLine($"| dcmtk `getscu` | {Ms("getscu.total")} | {Ms("getscu.first")} | {MbPerS("getscu")} | polling the output directory (first file at its final size) |");
        Console.WriteLine($"| dcmtk `getscu`, then fsync of each of its files (durable, as ours) | {Ms("getscu.durable")} | n/a | {MbPer("getscu", "getscu.durable")} | |");
        Console.WriteLine($"| PacsViewer C-MOVE (`MoveAsync` to our `StoreScp`) | {Ms("move.total")} | {Ms("move.first")} | {MbPerS("move")} | in-process: receiver's handler, after fsync + rename |");
        Console.WriteLine($"| PacsViewer C-MOVE into the retrieval cache (`CachingStudySource.RetrieveSeriesAsync` over `DimseStudySource` in C-MOVE mode: one C-MOVE, no C-FIND listing; our receiver routes its sub-operations by Move Originator into the cache's folder, each answered once its file is written) | {Ms("movecache.total")} | {Ms("movecache.first")} | {MbPerS("movecache")} | in-process: first lease (file written, renamed, opened; fsync in the background) |");
        Console.WriteLine($"| PacsViewer C-MOVE into the retrieval cache, until every file is fsync'ed (`RetrievalCache.FlushAsync`) | {Ms("movecache.durable")} | n/a | {MbPer("movecache", "movecache.durable")} | |");
        Console.WriteLine($"| dcmtk `movescu --port` (its own receiver) | {Ms("movescu.total")} | {Ms("movescu.first")} | {MbPerS("movescu")} | polling the output directory (first file at its final size) |");
        Console.WriteLine($"| dcmtk `movescu`, then fsync of each of its files (durable, as ours) | {Ms("movescu.durable")} | n/a | {MbPer("movescu", "movescu.durable")} | |");
        Console.WriteLine($"| PacsViewer WADO-RS (`RetrieveSeriesAsync`, each part to a file) | {Ms("wado.total")} | {Ms("wado.first")} | {MbPerS("wado")} | in-process: first file written (all fsync'ed before the total) |");
        Console.WriteLine($"| PacsViewer WADO-RS streamed (`RetrieveSeriesPartsAsync` + `InstanceStaging`: each part copied to a file, header read back; fsync + rename on the thread pool) | {Ms("wadostage.total")} | {Ms("wadostage.first")} | {MbPerS("wadostage")} | in-process: first part on disk (all fsync'ed before the total) |");
        Console.WriteLine($"| PacsViewer WADO-RS into the retrieval cache (`CachingStudySource.RetrieveSeriesAsync` into an empty cache: one WADO-RS request, no QIDO-RS listing, streamed) | {Ms("wadocache.total")} | {Ms("wadocache.first")} | {MbPerS("wadocache")} | in-process: first lease (file written, renamed, opened; fsync in the background) |");
        Console.WriteLine($"| PacsViewer WADO-RS into the retrieval cache, until every file is fsync'ed (`RetrievalCache.FlushAsync`) | {Ms("wadocache.durable")} | n/a | {MbPer("wadocache", "wadocache.durable")} | |");
        Console.WriteLine($"| `curl`, same WADO-RS URL (one multipart body, one file) | {Ms("curl.total")} | n/a | {MbPerS("curl")} | not measured |");
        Console.WriteLine();
        Console.WriteLine("| Ratio PacsViewer / reference (below 1: PacsViewer faster) | total | first instance |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| C-GET / getscu | {Ratio("get.total", "getscu.total")} | {Ratio("get.first", "getscu.first")} |");
        Console.WriteLine($"| C-GET without fsync / getscu (neither fsyncs) | {Ratio("getnosync.total", "getscu.total")} | {Ratio("getnosync.first", "getscu.first")} |");
        Console.WriteLine($"| C-GET / (getscu + fsync of its files) | {Ratio("get.total", "getscu.durable")} | n/a |");
        Console.WriteLine($"| C-GET into the retrieval cache / getscu | {Ratio("getcache.total", "getscu.total")} | {Ratio("getcache.first", "getscu.first")} |");
        Console.WriteLine($"| C-GET into the retrieval cache, all durable / getscu | {Ratio("getcache.durable", "getscu.total")} | n/a |");
        Console.WriteLine($"| C-GET into the retrieval cache, all durable / (getscu + fsync of its files) | {Ratio("getcache.durable", "getscu.durable")} | n/a |");
        if (samples.All(m => m.ContainsKey("getcachealt.total")))
        {
            Console.WriteLine($"| C-GET into the retrieval cache with the --alt-* change, over as configured (same rounds) | {Ratio("getcachealt.total", "getcache.total")} | {Ratio("getcachealt.first", "getcache.first")} |");
            Console.WriteLine($"| C-GET into the retrieval cache with the --alt-* change, over getscu | {Ratio("getcachealt.total", "getscu.total")} | {Ratio("getcachealt.first", "getscu.first")} |");
        }
        Console.WriteLine($"| C-MOVE / movescu | {Ratio("move.total", "movescu.total")} | {Ratio("move.first", "movescu.first")} |");
        Console.WriteLine($"| C-MOVE / (movescu + fsync of its files) | {Ratio("move.total", "movescu.durable")} | n/a |");
        Console.WriteLine($"| C-MOVE into the retrieval cache / movescu | {Ratio("movecache.total", "movescu.total")} | {Ratio("movecache.first", "movescu.first")} |");
        Console.WriteLine($"| C-MOVE into the retrieval cache, all durable / movescu | {Ratio("movecache.durable", "movescu.total")} | n/a |");
        Console.WriteLine($"| C-MOVE into the retrieval cache, all durable / (movescu + fsync of its files) | {Ratio("movecache.durable", "movescu.durable")} | n/a |");
        Console.WriteLine($"| C-MOVE into the retrieval cache / getscu (a reference without movescu's bimodal start) | {Ratio("movecache.total", "getscu.total")} | {Ratio("movecache.first", "getscu.first")} |");
        Console.WriteLine($"| WADO-RS / getscu | {Ratio("wado.total", "getscu.total")} | {Ratio("wado.first", "getscu.first")} |");
        Console.WriteLine($"| WADO-RS streamed / getscu | {Ratio("wadostage.total", "getscu.total")} | {Ratio("wadostage.first", "getscu.first")} |");
        Console.WriteLine($"| WADO-RS streamed / (getscu + fsync of its files) | {Ratio("wadostage.total", "getscu.durable")} | n/a |");
        Console.WriteLine($"| WADO-RS into the retrieval cache / getscu | {Ratio("wadocache.total", "getscu.total")} | {Ratio("wadocache.first", "getscu.first")} |");
        Console.WriteLine($"| WADO-RS into the retrieval cache, all durable / (getscu + fsync of its files) | {Ratio("wadocache.durable", "getscu.durable")} | n/a |");
        Console.WriteLine($"| WADO-RS into the retrieval cache, all durable / getscu | {Ratio("wadocache.durable", "getscu.total")} | n/a |");
        Console.WriteLine($"| WADO-RS streamed / WADO-RS parsed and rewritten | {Ratio("wadostage.total", "wado.total")} | {Ratio("wadostage.first", "wado.first")} |");
        Console.WriteLine($"| WADO-RS / curl | {Ratio("wado.total", "curl.total")} | n/a |");
        PrintCpu(samples);
        Console.WriteLine();
        Console.WriteLine($"Every retrieval was checked: {series.Count} files whose SOP Instance UIDs are those uploaded (curl: body size). Transfer syntaxes received: "
            + string.Join("; ", syntaxes) + ".");
    }
}
