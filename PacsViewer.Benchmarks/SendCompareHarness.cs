using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Benchmarks;

/// <summary>
/// The --send-compare mode (issue 8): the Send job's batching of C-STOREs (16 objects per association,
/// <c>SendJobHandler.Store</c>) against one association per object and one association for the whole series, and
/// against dcmtk's storescu sending the same files over one association, all to the same dcmtk storescp (which
/// receives and discards, --ignore), in interleaved rounds (<see cref="InterleavedRounds"/>). Ours open each file
/// (<see cref="DicomFile.Open(string)"/>) inside the timed span, as storescu reads its files. Everything on 127.0.0.1.
/// </summary>
internal static class SendCompareHarness
{
    private const int DefaultRounds = 3;
    private const int DefaultSlices = 100;
    private const int JobBatch = 16;
    private const string ScpAeTitle = "SENDBENCH";

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Option(args, "--rounds") ?? DefaultRounds;
        var slices = Option(args, "--slices") ?? DefaultSlices;
        if (rounds < 1 || slices < 2 || slices > DemoStudyGenerator.CtSlices)
        {
            throw new ArgumentException($"--rounds must be at least 1 and --slices between 2 and {DemoStudyGenerator.CtSlices}");
        }
        // As --retrieve-compare: dcmtk leaves Nagle's algorithm on unless TCP_NODELAY is set; our sockets set NoDelay.
        Environment.SetEnvironmentVariable("TCP_NODELAY", "1");
        var temp = Directory.CreateTempSubdirectory("pacs-send-bench-").FullName;
        Process? storescp = null;
        try
        {
            Note($"generating {slices} CT slices ...");
            var generator = new DemoStudyGenerator("send-benchmark");
            var paths = new List<string>();
            long bytes = 0;
            for (var i = 0; i < slices; i++)
            {
                var path = Path.Combine(temp, $"{i:D4}.dcm");
                DicomFileWriter.Write(path, generator.CtSlice(i));
                bytes += new FileInfo(path).Length;
                paths.Add(path);
            }
            var port = LoopbackPort.Free();
            storescp = Process.Start(new ProcessStartInfo("storescp", ["--ignore", "-aet", ScpAeTitle, port.ToString(CultureInfo.InvariantCulture)])
            {
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("could not start storescp");
            await WaitForPortAsync(port);
            var destination = new DimseStudySource("storescp", new DicomPeer("127.0.0.1", port, ScpAeTitle),
                new DicomClient(new DicomClientOptions { CallingAeTitle = "PVSENDBENCH" }), temp);

            async Task SendAsync(int batch)
            {
                for (var start = 0; start < paths.Count; start += batch)
                {
                    var files = paths.Skip(start).Take(batch).Select(p => DicomFile.Open(p)).ToList();
                    var results = await destination.StoreManyAsync(files);
                    if (results.Count != files.Count || results.Any(r => !r.IsSuccess))
                    {
                        throw new InvalidOperationException($"storescp did not take every object: {string.Join("; ", results.Where(r => !r.IsSuccess).Select(r => r.Error ?? r.Status.ToString()))}");
                    }
                }
            }

            var timing = new InterleavedRounds();
            Func<Task> Timed(string key, Func<Task> run) => async () =>
            {
                var clock = Stopwatch.StartNew();
                await run();
                timing.Add(key, clock.Elapsed.TotalSeconds);
            };
            var measurements = new List<(string, Func<Task>)>
            {
                ("one", Timed("one", () => SendAsync(1))),
                ("batch", Timed("batch", () => SendAsync(JobBatch))),
                ("whole", Timed("whole", () => SendAsync(paths.Count))),
                ("storescu", Timed("storescu", () =>
                {
                    var run = ProcessRunner.Run("storescu", ["-aec", ScpAeTitle, "-aet", "STORESCU", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. paths],
                        captureStandardError: true);
                    if (run.ExitCode != 0)
                    {
                        throw new InvalidOperationException($"storescu failed ({run.ExitCode}): {run.StandardError}");
                    }
                    return Task.CompletedTask;
                })),
            };
            await timing.RunAsync(measurements, rounds, round => Note($"round {round + 1}/{rounds} done"));
            Print(timing.Samples(), rounds, slices, bytes);
            return 0;
        }
        finally
        {
            if (storescp is not null)
            {
                storescp.Kill();
                await storescp.WaitForExitAsync();
                storescp.Dispose();
            }
            Directory.Delete(temp, recursive: true);
        }
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"storescp did not listen on port {port}");
    }

    /// <summary>A progress line on stderr (the table goes to stdout).</summary>
    private static void Note(string text) => Console.Error.WriteLine(text);

    private static int? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
    }

    private static void Print(List<Dictionary<string, double>> samples, int rounds, int slices, long bytes)
    {
        var c = CultureInfo.InvariantCulture;
        double Fig(Func<Dictionary<string, double>, double> f) => InterleavedRounds.Median(samples.Select(f).ToList());
        string Ms(string key) => (Fig(s => s[key]) * 1000).ToString("0", c);
        string Ratio(string key) => Fig(s => s[key] / s["storescu"]).ToString("0.00", c);
        Console.WriteLine($"Sending a series by C-STORE, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"Series: {slices} CT slices 512x512, {(bytes / 1e6).ToString("0.0", c)} MB; storescp --ignore on 127.0.0.1; medians over {rounds} interleaved rounds "
            + "(ratios taken within each round); TCP_NODELAY=1 for dcmtk");
        Console.WriteLine();
        Console.WriteLine("| Method | total (ms) | ratio to storescu (below 1: faster) |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| PacsViewer, one association per object | {Ms("one")} | {Ratio("one")} |");
        Console.WriteLine($"| PacsViewer, {JobBatch} objects per association (the Send job's batching) | {Ms("batch")} | {Ratio("batch")} |");
        Console.WriteLine($"| PacsViewer, one association for the whole series | {Ms("whole")} | {Ratio("whole")} |");
        Console.WriteLine($"| dcmtk `storescu`, one association, same files | {Ms("storescu")} | 1.00 |");
    }
}
