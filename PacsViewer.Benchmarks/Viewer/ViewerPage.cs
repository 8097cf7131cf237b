using Microsoft.Playwright;
using PacsViewer.Tests.Web;

namespace PacsViewer.Benchmarks.Viewer;

/// <summary>
/// One viewer page in its own browser context (own HTTP cache) with the viewport's performance hook enabled
/// (<c>window.__pvViewerStats</c>, see wwwroot/js/viewport.js) and the timeStamp of every input event recorded as
/// <c>stats.lastInput</c>. Times are the page's <c>performance.now()</c>: milliseconds since its navigation started.
/// </summary>
internal sealed class ViewerPage : IAsyncDisposable
{
    private const string InitScript = """
        performance.setResourceTimingBufferSize(100000);
        window.__pvViewerStats = { wanted: new Map(), draws: [], lastInput: null, onDraw: null };
        for (const type of ['pointerdown', 'pointermove', 'pointerup', 'wheel', 'keydown']) {
            window.addEventListener(type, e => { window.__pvViewerStats.lastInput = e.timeStamp; }, { capture: true });
        }
        """;

    private readonly IBrowserContext _context;

    private ViewerPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<ViewerPage> OpenContextAsync(IBrowser browser, Uri baseAddress)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            // 1600 wide: beside the navigation drawer, series list, measurements and the report panel the grid keeps about the width it had before sign-in (1280 without the report panel).
            ViewportSize = new ViewportSize { Width = 1600, Height = 900 },
            DeviceScaleFactor = 1,
        });
        await context.AddInitScriptAsync(InitScript);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        // Sign-in is required (issue 7): a radiologist, who may open every study; the cookie stays in this context.
        await AppSignIn.SignInAsync(page, baseAddress, AppSignIn.Radiologist);
        return new ViewerPage(context, page);
    }

    /// <summary>Navigates to the study and returns the time of the first draw (ms since navigation start).</summary>
    public async Task<double> OpenStudyAsync(string studyInstanceUid)
    {
        await Page.GotoAsync($"viewer/archive/{studyInstanceUid}", new() { WaitUntil = WaitUntilState.Commit });
        return await FirstDrawAsync();
    }

    /// <summary>Reloads the page (same context: the browser's HTTP cache is kept) and returns its first draw time.</summary>
    public async Task<double> ReloadAsync()
    {
        await Page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        return await FirstDrawAsync();
    }

    private async Task<double> FirstDrawAsync()
    {
        await Page.WaitForFunctionAsync("() => window.__pvViewerStats && window.__pvViewerStats.draws.length > 0", null, new() { PollingInterval = 5 });
        return await Page.EvaluateAsync<double>("() => window.__pvViewerStats.draws[0].drawnAt");
    }

    /// <summary>
    /// Waits until the circuit is interactive, the viewport module is live (it sets data-frame; the first frame may be
    /// drawn earlier, by the boot module, before anything handles input) and the first frame's requests (and
    /// prefetches) are done.
    /// </summary>
    public async Task SettleAsync()
    {
        await Page.Locator("[data-testid=interactivity][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Page.Locator("[data-testid=viewport-canvas]:not([data-frame=''])").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public async Task ClearStatsAsync() =>
        await Page.EvaluateAsync("() => { const s = window.__pvViewerStats; s.wanted.clear(); s.draws.length = 0; s.onDraw = null; performance.clearResourceTimings(); }");

    /// <summary>Rendered-frame requests the page made since the last clear (Resource Timing), and how many distinct URLs.</summary>
    public async Task<(int Requests, int Distinct)> FrameRequestsAsync()
    {
        var counts = await Page.EvaluateAsync<int[]>(
            "() => { const n = performance.getEntriesByType('resource').map(e => e.name).filter(u => u.includes('/rendered?')); return [n.length, new Set(n).size]; }");
        return (counts[0], counts[1]);
    }

    /// <summary>The draws since the last clear: URL, input time, wanted time, drawn time (-1: not known).</summary>
    public async Task<Draw[]> DrawsAsync()
    {
        var urls = await Page.EvaluateAsync<string[]>("() => window.__pvViewerStats.draws.map(d => d.url)");
        var times = await Page.EvaluateAsync<double[][]>("() => window.__pvViewerStats.draws.map(d => [d.inputAt ?? -1, d.wantedAt ?? -1, d.drawnAt])");
        return urls.Select((url, i) => new Draw(url, times[i][0], times[i][1], times[i][2])).ToArray();
    }

    /// <summary>The URLs wanted since the last clear (each state's frame request, drawn or dropped).</summary>
    public async Task<string[]> WantedAsync() =>
        await Page.EvaluateAsync<string[]>("() => [...window.__pvViewerStats.wanted.keys()]");

    /// <summary>
    /// Steps the stack <paramref name="steps"/> times by a wheel notch on the canvas, each as soon as the previous
    /// step's frame is drawn, and returns the intervals between successive draws (ms).
    /// </summary>
    public async Task<double[]> ScrollAsync(int steps) =>
        await Page.EvaluateAsync<double[]>("""
            async steps => {
                const s = window.__pvViewerStats;
                const canvas = document.querySelector('[data-testid=viewport-canvas]');
                const times = [performance.now()];
                for (let k = 0; k < steps; k++) {
                    const drawn = new Promise((resolve, reject) => {
                        const timer = setTimeout(() => reject(new Error(`step ${k}: no frame drawn within 30 s`)), 30000);
                        s.onDraw = record => { clearTimeout(timer); resolve(record.drawnAt); };
                    });
                    canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, deltaMode: 0, bubbles: true, cancelable: true }));
                    times.push(await drawn);
                }
                s.onDraw = null;
                return times.slice(1).map((t, i) => t - times[i]);
            }
            """, steps);

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    /// <summary>One draw reported by the hook (-1: not known).</summary>
    internal sealed record Draw(string Url, double InputAt, double WantedAt, double DrawnAt);
}
