using System.Globalization;
using Microsoft.Playwright;
using PacsViewer.Core.Archive.Demo;

namespace PacsViewer.Tests.Web.Viewer;

/// <summary>
/// The viewer in headless Chromium against the real app and its demo archive: frames come from the frame endpoint
/// and are drawn on the canvas by wwwroot/js/viewport.js.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ViewerBrowserTests(ViewerBrowserFixture app) : IClassFixture<ViewerBrowserFixture>
{
    /// <summary>Min, max and a hash of the red channel of the first viewport's canvas.</summary>
    private const string CanvasSummary = """
        () => {
            const c = document.querySelector('[data-testid=viewport-canvas]');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let min = 255, max = 0, hash = 0;
            for (let i = 0; i < d.length; i += 4) {
                const v = d[i];
                if (v < min) min = v;
                if (v > max) max = v;
                hash = (Math.imul(hash, 31) + v) | 0;
            }
            return [min, max, hash];
        }
        """;

    private string CtViewerUrl => $"viewer/archive/{app.Ct.StudyInstanceUid}";

    private static ILocator Canvas(IPage page) => page.Locator("[data-testid=viewport-canvas]").First;

    private static async Task WaitInteractiveAsync(IPage page) =>
        await page.Locator("[data-testid=interactivity][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Opens the demo CT by URL and waits until its first frame is on the canvas.</summary>
    private async Task<IPage> OpenCtAsync()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(CtViewerUrl);
        await WaitInteractiveAsync(page);
        var first = app.Ct.Series[0].Instances[0].SopInstanceUid;
        await Assertions.Expect(Canvas(page)).ToHaveAttributeAsync("data-frame", $"{first}:1");
        return page;
    }

    private static async Task<int[]> SummaryAsync(IPage page) => await page.EvaluateAsync<int[]>(CanvasSummary);

    [Fact]
    public async Task StudyList_ClickDemoCtRow_OpensViewerAndCanvasShowsTheImage()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("studies");
        await WaitInteractiveAsync(page);

        await page.GetByTestId("worklist-row").Filter(new() { HasText = "DEMO, CT" }).ClickAsync();

        // Blazor navigates inside the document (no load event): wait for the address itself.
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, CtViewerUrl).ToString());
        await Assertions.Expect(Canvas(page)).ToHaveAttributeAsync("data-frame", $"{app.Ct.Series[0].Instances[0].SopInstanceUid}:1");
        var summary = await SummaryAsync(page);
        // A soft-tissue window of the phantom: black air, grey tissue, white bone.
        Assert.True(summary[1] - summary[0] > 100, $"canvas range {summary[0]}..{summary[1]} is nearly uniform");
        await Assertions.Expect(page.GetByTestId("overlay-top-left")).ToContainTextAsync("DEMO, CT");
    }

    [Fact]
    public async Task OpenByUrl_PrerenderedPage_BootModuleFetchesFirstFrameAndLiveViewportTakesItOverWithOneRequest()
    {
        var page = await OpenCtAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var first = app.Ct.Series[0].Instances[0].SopInstanceUid;

        // wwwroot/js/viewport-boot.js starts the first frame from the prerendered canvas's data-first-frame; the live
        // viewport (viewport.js) adopts it on the canvas Blazor rendered in its place.
        var early = await page.EvaluateAsync<string?>("() => document.querySelector('[data-testid=viewport-canvas]').__pvEarlyFrame?.want.url ?? null");
        Assert.NotNull(early);
        Assert.Contains($"/instances/{first}/frames/1/rendered?", early, StringComparison.Ordinal);
        Assert.Contains("format=png", early, StringComparison.Ordinal);
        var requests = await page.EvaluateAsync<string[]>(
            "sop => performance.getEntriesByType('resource').map(e => e.name).filter(u => u.includes('/instances/' + sop + '/frames/1/rendered?'))", first);
        Assert.Single(requests);
        Assert.EndsWith(early, requests[0], StringComparison.Ordinal);
        var summary = await SummaryAsync(page);
        Assert.True(summary[1] - summary[0] > 100, $"canvas range {summary[0]}..{summary[1]} is nearly uniform");
    }

    [Fact]
    public async Task WindowDrag_LeftButton_ChangesCanvasPixelsAndOverlayWindow()
    {
        var page = await OpenCtAsync();
        var window = page.GetByTestId("overlay-window");
        await Assertions.Expect(window).ToHaveTextAsync("W: 400 L: 40");
        // Wait for the lossless frame of the initial state, so the pixels compared are the settled ones.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var before = await SummaryAsync(page);
        var box = (await Canvas(page).BoundingBoxAsync())!;
        var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);

        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x + 120, y + 60, new() { Steps = 6 });
        await page.Mouse.UpAsync();

        await Assertions.Expect(window).Not.ToHaveTextAsync("W: 400 L: 40");
        var text = await window.TextContentAsync() ?? "";
        var parts = text.Split(' ');
        var width = double.Parse(parts[1], CultureInfo.InvariantCulture);
        var level = double.Parse(parts[3], CultureInfo.InvariantCulture);
        Assert.True(width > 400, $"dragging right widens the window: {text}");
        Assert.True(level > 40, $"dragging down raises the level: {text}");
        await page.WaitForFunctionAsync($"h => ({CanvasSummary})()[2] !== h", before[2]);
        Assert.NotEqual(before[2], (await SummaryAsync(page))[2]);
    }

    [Fact]
    public async Task Wheel_OneNotchDown_ShowsNextSliceOfTheStack()
    {
        var page = await OpenCtAsync();
        var box = (await Canvas(page).BoundingBoxAsync())!;
        var second = app.Ct.Series[0].Instances[1].SopInstanceUid;

        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.WheelAsync(0, 100);

        await Assertions.Expect(Canvas(page)).ToHaveAttributeAsync("data-frame", $"{second}:1");
        await Assertions.Expect(page.GetByTestId("overlay-bottom-left")).ToContainTextAsync($"(2/{DemoStudyGenerator.CtSlices})");
    }

    [Fact]
    public async Task LengthTool_DragOnCt_ReportsMillimetresFromPixelSpacing()
    {
        var page = await OpenCtAsync();
        await page.GetByTestId("tool-length").ClickAsync();
        // The tool reaches the canvas's module through the circuit: act once the viewport has it.
        await page.Locator("[data-tool=length]").WaitForAsync();
        var box = (await Canvas(page).BoundingBoxAsync())!;
        var size = await page.EvaluateAsync<double[]>(
            "() => { const c = document.querySelector('[data-testid=viewport-canvas]'); const r = c.getBoundingClientRect(); return [c.width, c.height, r.width]; }");
        var (x0, y0) = (box.X + box.Width / 2 - 100, box.Y + box.Height / 2 - 20);
        var (dx, dy) = (180f, 90f);

        await page.Mouse.MoveAsync(x0, y0);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x0 + dx, y0 + dy, new() { Steps = 5 });
        await page.Mouse.UpAsync();

        // Fitted: device pixels per image pixel = min(canvas width, height) / 512; the demo CT's spacing is 0.7 mm.
        var devicePerCss = size[0] / size[2];
        var scale = Math.Min(size[0], size[1]) / DemoStudyGenerator.CtMatrix;
        var expected = Math.Sqrt((double)dx * dx + (double)dy * dy) * devicePerCss / scale * DemoStudyGenerator.CtPixelSpacing;
        var item = page.GetByTestId("measurement-item");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        var value = double.Parse(await item.GetAttributeAsync("data-value") ?? "", CultureInfo.InvariantCulture);
        Assert.Equal(expected, value, 0.05);
        await Assertions.Expect(item.GetByTestId("measurement-text")).ToHaveTextAsync($"{expected.ToString("0.0", CultureInfo.InvariantCulture)} mm");
        await Assertions.Expect(page.Locator("[data-testid=viewport-measurements] text")).ToHaveTextAsync($"{expected.ToString("0.0", CultureInfo.InvariantCulture)} mm");
    }

    [Fact]
    public async Task Cine_Start_AdvancesThroughFrames()
    {
        var page = await OpenCtAsync();
        await page.EvaluateAsync("""
            () => {
                window.__frames = new Set();
                const c = document.querySelector('[data-testid=viewport-canvas]');
                new MutationObserver(() => window.__frames.add(c.dataset.frame)).observe(c, { attributes: true, attributeFilter: ['data-frame'] });
            }
            """);

        await page.GetByTestId("command-cine").ClickAsync();

        await page.WaitForFunctionAsync("() => window.__frames.size >= 4");
        await Assertions.Expect(page.GetByTestId("overlay-bottom-right")).ToContainTextAsync("Cine:");
        var frames = await page.EvaluateAsync<string[]>("() => [...window.__frames]");
        var stack = app.Ct.Series[0].Instances.Select(i => $"{i.SopInstanceUid}:1").ToList();
        Assert.All(frames, f => Assert.Contains(f, stack));
        // Cine never skips: the frames seen are consecutive slices after the first.
        Assert.Equal(Enumerable.Range(1, frames.Length), frames.Select(f => stack.IndexOf(f)));
    }

    [Fact]
    public async Task Layout1x2_AxialBesideCoronalThenAxialTwice_ReferenceLinesThenSynchronisedScrolling()
    {
        var page = await OpenCtAsync();
        var axial = app.Ct.Series[0].Instances;
        var coronal = app.Ct.Series[1].Instances;
        var canvases = page.Locator("[data-testid=viewport-canvas]");

        // 1x2: the axial CT and, beside it, the coronal series of the same Frame of Reference; each shows the other's slice.
        await page.GetByTestId("layout-1x2").ClickAsync();
        await Assertions.Expect(canvases.Nth(1)).ToHaveAttributeAsync("data-frame", $"{coronal[0].SopInstanceUid}:1");
        await Assertions.Expect(canvases.Nth(0)).ToHaveAttributeAsync("data-reference-lines", "1");
        await Assertions.Expect(canvases.Nth(1)).ToHaveAttributeAsync("data-reference-lines", "1");
        await Assertions.Expect(page.Locator("[data-testid=viewport-measurements] line.viewport-reference-line")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("sync-scroll")).ToHaveAttributeAsync("aria-pressed", "false");

        // The axial CT in the second viewport too: parallel stacks, so no lines, and scrolling is synchronised by default.
        await page.Locator(".viewer-cell").Nth(1).ClickAsync();
        await page.GetByTestId("series-thumbnail").Nth(0).ClickAsync();
        await Assertions.Expect(canvases.Nth(1)).ToHaveAttributeAsync("data-frame", $"{axial[0].SopInstanceUid}:1");
        await Assertions.Expect(page.GetByTestId("sync-scroll")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(canvases.Nth(0)).ToHaveAttributeAsync("data-reference-lines", "0");
        var box = (await canvases.Nth(0).BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.WheelAsync(0, 100);
        await page.Mouse.WheelAsync(0, 100);

        await Assertions.Expect(canvases.Nth(0)).ToHaveAttributeAsync("data-frame", $"{axial[2].SopInstanceUid}:1");
        await Assertions.Expect(canvases.Nth(1)).ToHaveAttributeAsync("data-frame", $"{axial[2].SopInstanceUid}:1");
    }
}
