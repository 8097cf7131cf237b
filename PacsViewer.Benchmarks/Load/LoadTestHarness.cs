using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Viewing;
using PacsViewer.Benchmarks.Viewer;
using PacsViewer.Tests.Web;
using PacsViewer.Web.Archive;

namespace PacsViewer.Benchmarks.Load;

/// <summary>
/// The --load-test mode (issue 7): one app instance on Kestrel at 127.0.0.1 (in this process) with the demo archive;
/// N simulated viewers, each signed in with its own cookie, scroll through the demo CT and change window/level through
/// the frame endpoint the canvas uses (the URLs viewport-frames.js builds: PNG of the whole 512x512 slice when settled,
/// JPEG at half size and quality 70 while dragging), first at a viewer's pace, then flat out. Reported: frames per
/// second, latency p50/p95/p99, errors; then the server's managed heap and working set per open Blazor circuit
/// (C real viewer pages in headless Chromium, measured after a full GC). The load average is printed beside the figures.
/// </summary>
internal static class LoadTestHarness
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var viewers = Option(args, "--viewers") ?? 8;
        var seconds = Option(args, "--seconds") ?? 15;
        var circuits = Option(args, "--circuits") ?? 10;
        var pace = Option(args, "--pace") ?? 20;
        if (viewers < 1 || seconds < 1 || circuits < 0 || pace < 1 || viewers > 200 || seconds > 600 || circuits > 100)
        {
            throw new ArgumentException("--viewers 1..200, --seconds 1..600, --circuits 0..100, --pace (frames/s per viewer) at least 1");
        }
        Note($"load average at start: {LoadAverage()}");
        Note("starting the app and seeding the demo archive ...");
        await using var factory = new KestrelWebApplicationFactory(seedDemo: true);
        var baseAddress = factory.Start();
        await factory.Services.GetRequiredService<DemoSeedingService>().Completion.WaitAsync(Hang);
        var source = factory.Services.GetServices<IStudySource>().Single(s => s.Id == "archive");
        var ct = await StudyUidAsync(source, "DEMO^CT");
        var model = await StudyModelService.LoadAsync(source, ct);
        var stack = model.Series.OrderByDescending(s => s.Instances.Count).First();
        var frames = stack.Instances
            .Select(i => $"/api/sources/archive/studies/{ct}/series/{stack.SeriesInstanceUid}/instances/{i.SopInstanceUid}/frames/1/rendered")
            .ToArray();

        Note($"signing in {viewers} viewers ...");
        var clients = new List<HttpClient>();
        for (var i = 0; i < viewers; i++)
        {
            var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
            {
                BaseAddress = baseAddress,
                Timeout = TimeSpan.FromMinutes(1),
            };
            // Radiologists: a clinician may open the demo CT only by break-glass (no Final report), issue 7.
            await AppSignIn.SignInAsync(client, i % 2 == 0 ? AppSignIn.Radiologist : AppSignIn.Radiologist2);
            clients.Add(client);
        }

        var rows = new List<string>();
        Note($"warm-up: one pass over the {frames.Length} slices ...");
        await RunViewersAsync(clients.Take(1).ToList(), frames, TimeSpan.FromSeconds(Math.Min(5, seconds)), pace: null);
        Note($"{viewers} viewers at {pace} frames/s each for {seconds} s ...");
        rows.Add(Row($"{viewers} viewers, {pace} frames/s each (a viewer's scroll pace)", await RunViewersAsync(clients, frames, TimeSpan.FromSeconds(seconds), pace)));
        Note($"{viewers} viewers flat out for {seconds} s ...");
        rows.Add(Row($"{viewers} viewers, flat out (next request as soon as the last answered)", await RunViewersAsync(clients, frames, TimeSpan.FromSeconds(seconds), pace: null)));
        Note($"1 viewer flat out for {seconds} s (reference) ...");
        rows.Add(Row("1 viewer, flat out (reference)", await RunViewersAsync(clients.Take(1).ToList(), frames, TimeSpan.FromSeconds(seconds), pace: null)));
        foreach (var client in clients)
        {
            client.Dispose();
        }

        string? memory = null;
        if (circuits > 0)
        {
            Note($"memory per circuit: {circuits} viewer pages in headless Chromium ...");
            memory = await MeasureCircuitsAsync(baseAddress, ct, circuits);
        }

        Console.WriteLine();
        Console.WriteLine($"Load test: demo CT ({frames.Length} slices of {DemoStudyGenerator.CtMatrix}x{DemoStudyGenerator.CtMatrix}), " +
            $"{Environment.ProcessorCount} cores, load average at the end {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| run | frames | frames/s | p50 ms | p95 ms | p99 ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }
        if (memory is not null)
        {
            Console.WriteLine();
            Console.WriteLine(memory);
        }
        return 0;
    }

    /// <summary>
    /// Each viewer walks the stack up and down from its own starting slice; every 10th step it drags window/level
    /// through 5 states (JPEG, half size), then settles (PNG of the slice at the last window). With a pace, a viewer
    /// waits so that it asks at most that many frames a second; without, it asks the next as soon as one is answered.
    /// </summary>
    private static async Task<Result> RunViewersAsync(List<HttpClient> clients, string[] frames, TimeSpan duration, int? pace)
    {
        var latencies = new List<double>[clients.Count];
        var errors = new int[clients.Count];
        var started = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select((client, v) => Task.Run(async () =>
        {
            var mine = latencies[v] = [];
            var slice = v * 7 % frames.Length;
            var direction = 1;
            var center = 40 + v;
            var width = 400;
            var step = 0;
            var interval = pace is { } p ? TimeSpan.FromSeconds(1.0 / p) : TimeSpan.Zero;
            var next = started.Elapsed;
            while (started.Elapsed < duration)
            {
                string url;
                if (step % 15 is >= 10 and < 15)
                {
                    center += 5;
                    width += 10;
                    url = $"{frames[slice]}?window={center},{width}&region=0,0,512,512&size=256,256&format=jpeg&quality=70";
                }
                else
                {
                    slice += direction;
                    if (slice <= 0 || slice >= frames.Length - 1)
                    {
                        direction = -direction;
                        slice = Math.Clamp(slice, 0, frames.Length - 1);
                    }
                    url = $"{frames[slice]}?window={center},{width}&region=0,0,512,512&size=512,512&format=png";
                }
                step++;
                if (pace is not null)
                {
                    var wait = next - started.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                    next += interval;
                }
                var t = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                var bytes = await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK || bytes.Length == 0)
                {
                    errors[v]++;
                    continue;
                }
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        })));
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Result(all, errors.Sum(), started.Elapsed);
    }

    /// <summary>
    /// Opens <paramref name="count"/> viewer pages (each its own browser context, signed in) on the demo CT and waits
    /// for each first draw; the server's managed heap and working set after a full GC, before and with the circuits
    /// open (this process hosts the app; the browser is another process).
    /// </summary>
    private static async Task<string> MeasureCircuitsAsync(Uri baseAddress, string ct, int count)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        // One circuit opened and closed first, so that what every circuit shares (compiled components, caches) is in the baseline.
        await using (var warm = await OpenViewerAsync(browser, baseAddress, ct))
        {
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (heapBefore, setBefore) = Measure();
        var pages = new List<ViewerPage>();
        for (var i = 0; i < count; i++)
        {
            pages.Add(await OpenViewerAsync(browser, baseAddress, ct));
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (heapAfter, setAfter) = Measure();
        foreach (var page in pages)
        {
            await page.DisposeAsync();
        }
        const double MiB = 1024 * 1024;
        return string.Create(CultureInfo.InvariantCulture,
            $"Memory per circuit ({count} viewer pages open on the demo CT, after a full GC): managed heap {(heapAfter - heapBefore) / MiB / count:0.00} MiB, " +
            $"working set {(setAfter - setBefore) / MiB / count:0.00} MiB (managed heap {heapBefore / MiB:0} -> {heapAfter / MiB:0} MiB, " +
            $"working set {setBefore / MiB:0} -> {setAfter / MiB:0} MiB).");
    }

    /// <summary>A signed-in viewer page (own browser context) on the study, its first frame drawn and the circuit settled.</summary>
    private static async Task<ViewerPage> OpenViewerAsync(IBrowser browser, Uri baseAddress, string ct)
    {
        var page = await ViewerPage.OpenContextAsync(browser, baseAddress);
        await page.OpenStudyAsync(ct);
        await page.SettleAsync();
        return page;
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    private static string Row(string name, Result result)
    {
        double Percentile(double p) => result.Latencies.Count == 0 ? double.NaN : result.Latencies[Math.Min(result.Latencies.Count - 1, (int)Math.Ceiling(p * result.Latencies.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {result.Latencies.Count} | {result.Latencies.Count / result.Elapsed.TotalSeconds:0.0} | {Percentile(0.50):0.0} | {Percentile(0.95):0.0} | {Percentile(0.99):0.0} | {result.Errors} |");
    }

    private static async Task<string> StudyUidAsync(IStudySource source, string patientName)
    {
        await foreach (var study in source.SearchStudiesAsync(new StudyQuery { PatientName = patientName }))
        {
            if (study.GetFirstString(DicomTags.StudyInstanceUID) is { } uid)
            {
                return uid;
            }
        }
        throw new InvalidOperationException($"the demo study {patientName} was not seeded");
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static int? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
    }

    private static void Note(string message) => Console.Error.WriteLine($"[load-test] {message}");

    private sealed record Result(List<double> Latencies, int Errors, TimeSpan Elapsed);
}
