using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Tests.Web;
using PacsViewer.Web.Archive;

namespace PacsViewer.Benchmarks.Viewer;

/// <summary>
/// The --viewer-compare mode (issue 5): the real app on Kestrel at 127.0.0.1 (in this process, with a temporary data
/// folder and the demo archive seeded, plus a 2048x2500 CR) driven by headless system Chromium through Playwright
/// (1280x900 at device pixel ratio 1). Times come from the viewport's performance hook (wwwroot/js/viewport.js):
/// time to first image, window/level drag round trip (input event to the draw of that state's frame), and stack
/// scroll frames per second. The same frames fetched with HttpClient (and the server's X-Render-Ms) are the reference.
/// </summary>
internal static class ViewerCompareHarness
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const int DefaultIterations = 15;
    private const int DragMoves = 20;
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = Option(args, "--iterations") ?? DefaultIterations;
        var warmup = Option(args, "--warmup") ?? 2;
        var scrollSteps = Option(args, "--slices") ?? DemoStudyGenerator.CtSlices - 1;
        if (iterations < 1 || warmup < 0 || scrollSteps < 1 || scrollSteps >= DemoStudyGenerator.CtSlices)
        {
            throw new ArgumentException($"--iterations must be at least 1, --warmup at least 0 and --slices between 1 and {DemoStudyGenerator.CtSlices - 1}");
        }
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"the viewer benchmark needs Chromium at {ChromiumPath}");
        }

        Note("starting the app and seeding the demo archive ...");
        await using var factory = new KestrelWebApplicationFactory(seedDemo: true);
        var baseAddress = factory.Start();
        await factory.Services.GetRequiredService<DemoSeedingService>().Completion.WaitAsync(Hang);
        var archive = factory.Services.GetRequiredService<LocalArchive>();
        await archive.AddAsync(LargeRadiograph.Create(DemoStudyGenerator.CreateRandom()));
        var source = factory.Services.GetServices<IStudySource>().Single(s => s.Id == "archive");
        var ct = await StudyUidAsync(source, "DEMO^CT");
        var cr = await StudyUidAsync(source, LargeRadiograph.PatientName);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(1),
        };
        // The frame endpoints need a signed-in user with access to the study (issue 7).
        await AppSignIn.SignInAsync(http, AppSignIn.Radiologist);
        var rows = new List<Row>();

        Note($"time to first image: {warmup} warm-up + {iterations} iterations ...");
        var cold = new List<double>();
        var warm = new List<double>();
        var firstFrame = new List<double>();
        var firstUrls = new List<string>();
        for (var i = 0; i < warmup + iterations; i++)
        {
            await using var page = await ViewerPage.OpenContextAsync(browser, baseAddress);
            var c = await page.OpenStudyAsync(ct);
            var first = (await page.DrawsAsync())[0];
            firstUrls.Add(first.Url);
            await page.SettleAsync();
            var w = await page.ReloadAsync();
            if (i >= warmup)
            {
                cold.Add(c);
                warm.Add(w);
                firstFrame.Add(first.DrawnAt - first.WantedAt);
            }
        }
        var firstReference = await FetchAsync(http, firstUrls.Distinct().ToList(), iterations);
        rows.Add(Row.Times("Time to first image, demo CT, new browser context", cold, firstReference));
        rows.Add(Row.Times("Time to first image, demo CT, reload (browser cache kept)", warm, firstReference));
        rows.Add(Row.Times("of which the first frame, wanted to drawn, new browser context", firstFrame, firstReference));

        foreach (var (label, study) in new[] { ($"CT {DemoStudyGenerator.CtMatrix}x{DemoStudyGenerator.CtMatrix}", ct), ($"CR {LargeRadiograph.Columns}x{LargeRadiograph.Rows}", cr) })
        {
            Note($"window/level drag on the {label}: {warmup} warm-up + {iterations} drags of {DragMoves} moves ...");
            var (drag, release, dropped, urls) = await DragAsync(browser, baseAddress, study, warmup, iterations);
            var reference = await FetchAsync(http, urls.Where(u => u.Contains("format=jpeg", StringComparison.Ordinal)).ToList(), iterations * 3);
            rows.Add(Row.Times($"W/L drag round trip, {label} (JPEG while dragging; {dropped} of {dropped + drag.Count} states dropped as stale)", drag, reference));
            var releaseReference = await FetchAsync(http, urls.Where(u => u.Contains("format=png", StringComparison.Ordinal)).ToList(), iterations);
            rows.Add(Row.Times($"W/L release to lossless PNG, {label}", release, releaseReference));
        }

        Note($"stack scroll over {scrollSteps} slices of the demo CT, {iterations} passes uncached and cached ...");
        var (uncached, cached, scrollUrls, requests) = await ScrollAsync(browser, baseAddress, ct, scrollSteps, warmup, iterations);
        var scrollReference = await FetchAsync(http, scrollUrls, scrollUrls.Count);
        rows.Add(Row.Scroll($"Stack scroll, demo CT, {scrollSteps} steps, new browser context (uncached)", uncached, scrollReference));
        rows.Add(Row.Scroll($"Stack scroll, demo CT, {scrollSteps} steps, after reload (browser cache)", cached, scrollReference));

        Print(rows, iterations, warmup);
        Console.WriteLine();
        Console.WriteLine($"Frame requests during the uncached scroll passes: {requests.Requests} for {requests.Distinct} distinct frame URLs ({requests.Frames} slices drawn).");
        return 0;
    }

    /// <summary>Drags with the window/level tool and pairs each wanted state with its draw (by frame URL).</summary>
    private static async Task<(List<double> Drag, List<double> Release, int Dropped, List<string> Urls)> DragAsync(
        IBrowser browser, Uri baseAddress, string study, int warmup, int iterations)
    {
        await using var page = await ViewerPage.OpenContextAsync(browser, baseAddress);
        await page.OpenStudyAsync(study);
        await page.SettleAsync();
        var box = await page.Page.Locator("[data-testid=viewport-canvas]").First.BoundingBoxAsync()
            ?? throw new InvalidOperationException("the viewport canvas is not visible");
        var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        var drag = new List<double>();
        var release = new List<double>();
        var urls = new List<string>();
        var dropped = 0;
        for (var i = 0; i < warmup + iterations; i++)
        {
            await page.ClearStatsAsync();
            var sign = i % 2 == 0 ? 1 : -1; // back and forth, so the window stays sensible
            await page.Page.Mouse.MoveAsync((float)x, (float)y);
            await page.Page.Mouse.DownAsync();
            var start = Stopwatch.GetTimestamp();
            for (var m = 1; m <= DragMoves; m++)
            {
                await page.Page.Mouse.MoveAsync((float)(x + sign * 4 * m), (float)(y + sign * 2 * m));
                // About 60 moves a second, like a mouse: the next move is due 16 ms after the drag's previous one.
                var due = TimeSpan.FromMilliseconds(16 * m) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }
            }
            await page.Page.Mouse.UpAsync();
            await page.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var wanted = await page.WantedAsync();
            var last = wanted.LastOrDefault(u => u.Contains("format=png", StringComparison.Ordinal))
                ?? throw new InvalidOperationException("no lossless frame was wanted after the drag");
            await page.Page.WaitForFunctionAsync("u => window.__pvViewerStats.draws.some(d => d.url === u)", last, new() { PollingInterval = 5 });
            var draws = (await page.DrawsAsync()).GroupBy(d => d.Url).ToDictionary(g => g.Key, g => g.First());
            if (i < warmup)
            {
                continue;
            }
            foreach (var url in wanted)
            {
                var isJpeg = url.Contains("format=jpeg", StringComparison.Ordinal);
                if (!draws.TryGetValue(url, out var d))
                {
                    dropped += isJpeg ? 1 : 0;
                    continue;
                }
                var latency = d.DrawnAt - (d.InputAt >= 0 ? d.InputAt : d.WantedAt);
                (isJpeg ? drag : release).Add(latency);
                urls.Add(url);
            }
        }
        return (drag, release, dropped, urls);
    }

    private static async Task<(List<double> Uncached, List<double> Cached, List<string> Urls, (int Requests, int Distinct, int Frames) Requests)> ScrollAsync(
        IBrowser browser, Uri baseAddress, string study, int steps, int warmup, int iterations)
    {
        var uncached = new List<double>();
        var cached = new List<double>();
        var urls = new List<string>();
        var (requests, distinct, frames) = (0, 0, 0);
        for (var i = 0; i < warmup + iterations; i++)
        {
            await using var page = await ViewerPage.OpenContextAsync(browser, baseAddress);
            await page.OpenStudyAsync(study);
            await page.SettleAsync();
            await page.ClearStatsAsync();
            var first = await page.ScrollAsync(steps);
            var made = await page.FrameRequestsAsync();
            if (i == 0)
            {
                urls.AddRange((await page.DrawsAsync()).Select(d => d.Url));
            }
            await page.ReloadAsync();
            await page.SettleAsync();
            await page.ClearStatsAsync();
            var second = await page.ScrollAsync(steps);
            if (i >= warmup)
            {
                uncached.AddRange(first);
                cached.AddRange(second);
                requests += made.Requests;
                distinct += made.Distinct;
                frames += first.Length;
            }
        }
        return (uncached, cached, urls, (requests, distinct, frames));
    }

    /// <summary>Fetches the URLs with HttpClient, one at a time, cycling until <paramref name="count"/> fetches.</summary>
    private static async Task<Reference> FetchAsync(HttpClient http, List<string> urls, int count)
    {
        var fetch = new List<double>();
        var render = new List<double>();
        for (var i = 0; i < Math.Max(count, 1) && urls.Count > 0; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(new Uri(urls[i % urls.Count], UriKind.RelativeOrAbsolute));
            _ = await response.Content.ReadAsByteArrayAsync();
            fetch.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            response.EnsureSuccessStatusCode();
            if (response.Headers.TryGetValues("X-Render-Ms", out var values))
            {
                render.Add(double.Parse(values.First(), CultureInfo.InvariantCulture));
            }
        }
        return new Reference(fetch, render);
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
        throw new InvalidOperationException($"no study of {patientName} in the archive");
    }

    private static void Print(List<Row> rows, int iterations, int warmup)
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
        Console.WriteLine($"Viewer in headless Chromium ({iterations} iterations after {warmup} warm-up; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {load}; {Environment.ProcessorCount} cores)");
        Console.WriteLine();
        Console.WriteLine("| Measurement | n | median ms | p95 ms | frames/s | HttpClient fetch median ms | X-Render-Ms median | median / fetch |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(row.Format());
        }
    }

    private static int? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
    }

    private static void Note(string text) => Console.Error.WriteLine(text);

    private sealed record Reference(List<double> Fetch, List<double> Render);

    private sealed record Row(string Name, List<double> Values, bool Fps, Reference Reference)
    {
        public static Row Times(string name, List<double> values, Reference reference) => new(name, values, false, reference);

        public static Row Scroll(string name, List<double> intervals, Reference reference) => new(name, intervals, true, reference);

        public string Format()
        {
            var median = Percentile(Values, 0.5);
            var fps = Fps && Values.Count > 0 ? F(1000 * Values.Count / Values.Sum()) : "-";
            var fetch = Percentile(Reference.Fetch, 0.5);
            var render = Percentile(Reference.Render, 0.5);
            var ratio = median is { } m && fetch is { } f && f > 0 ? F(m / f) : "-";
            return $"| {Name} | {Values.Count} | {F(median)} | {F(Percentile(Values, 0.95))} | {fps} | {F(fetch)} | {F(render)} | {ratio} |";
        }

        private static string F(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";

        /// <summary>Nearest-rank percentile; null when there are no values.</summary>
        private static double? Percentile(List<double> values, double p)
        {
            if (values.Count == 0)
            {
                return null;
            }
            var sorted = values.Order().ToList();
            return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }
}
