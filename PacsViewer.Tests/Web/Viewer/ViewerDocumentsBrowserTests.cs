using Microsoft.Playwright;

namespace PacsViewer.Tests.Web.Viewer;

/// <summary>
/// What only bUnit covered before, now in headless Chromium against the real app (see <see cref="ViewerDocumentsFixture"/>):
/// an undecodable frame's message inside its own viewport while the other keeps working, an SR as text, a PDF inline,
/// the text arrow's in-viewport field, and the study list searching each source once.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ViewerDocumentsBrowserTests(ViewerDocumentsFixture app) : IClassFixture<ViewerDocumentsFixture>
{
    private static async Task WaitInteractiveAsync(IPage page) =>
        await page.Locator("[data-testid=interactivity][data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    private static ILocator Viewport(IPage page, int slot) => page.GetByTestId("viewport").Nth(slot);

    private static ILocator Thumbnail(IPage page, string series) => page.Locator($"[data-testid=series-thumbnail][data-series='{series}']");

    /// <summary>Opens the study by URL and waits until the CT's first slice is on the first canvas.</summary>
    private async Task<IPage> OpenStudyAsync()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync($"viewer/archive/{app.StudyUid}");
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("viewport-canvas").First).ToHaveAttributeAsync("data-frame", $"{app.Ct[0].SopInstanceUid}:1");
        return page;
    }

    [Fact]
    public async Task StudyList_OpenPage_SearchesEachSourceOnce()
    {
        var before = app.Counted.StudySearches;
        var page = await app.NewPageAsync();

        await page.GotoAsync("studies");
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("worklist-row").Filter(new() { HasText = ViewerDocumentsFixture.CountedSourceId })).ToHaveCountAsync(1);

        // Prerendering found the rows; the interactive render took them over instead of asking the sources again.
        Assert.Equal(1, app.Counted.StudySearches - before);
    }

    [Fact]
    public async Task Viewer_UndecodableImageBesideCt_MessageInItsViewportOnlyAndCtStillScrolls()
    {
        var page = await OpenStudyAsync();
        await page.GetByTestId("layout-1x2").ClickAsync();
        await page.Locator(".viewer-cell").Nth(1).ClickAsync();

        await Thumbnail(page, app.Htj2kSeriesUid).ClickAsync();

        await Assertions.Expect(Viewport(page, 1).GetByTestId("viewport-error")).ToContainTextAsync("no decoder for High-Throughput JPEG 2000");
        await Assertions.Expect(Viewport(page, 0).GetByTestId("viewport-error")).ToHaveCountAsync(0);
        var canvas = page.GetByTestId("viewport-canvas").First;
        var box = (await canvas.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.WheelAsync(0, 100);
        await Assertions.Expect(canvas).ToHaveAttributeAsync("data-frame", $"{app.Ct[1].SopInstanceUid}:1");
        await Assertions.Expect(Viewport(page, 0).GetByTestId("viewport-error")).ToHaveCountAsync(0);
        await Assertions.Expect(Viewport(page, 1).GetByTestId("viewport-error")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Viewer_SrSeries_ShowsTheContentTreeAsReadableText()
    {
        var page = await OpenStudyAsync();

        await Thumbnail(page, app.SrSeriesUid).ClickAsync();

        var text = Viewport(page, 0).GetByTestId("sr-text");
        await Assertions.Expect(text).ToContainTextAsync("A mass of");
        await Assertions.Expect(text).ToContainTextAsync("was detected.");
        // The sample's text holds markup characters: they are shown, not interpreted.
        await Assertions.Expect(text).ToContainTextAsync("&%$§\"!()<>{}/;");
        Assert.Equal(0, await text.Locator("*").CountAsync());
        await Assertions.Expect(Viewport(page, 0).GetByTestId("viewport-canvas")).Not.ToBeVisibleAsync();
    }

    [Fact]
    public async Task Viewer_PdfSeries_ShownInlineInTheViewport()
    {
        var page = await OpenStudyAsync();
        var pdfPath = $"/series/{app.PdfSeriesUid}/instances/{app.PdfUid}/pdf";
        var response = page.WaitForResponseAsync(r => r.Url.EndsWith(pdfPath, StringComparison.Ordinal));

        await Thumbnail(page, app.PdfSeriesUid).ClickAsync();

        var answer = await response;
        var frame = Viewport(page, 0).GetByTestId("viewport-pdf");
        await Assertions.Expect(frame).ToBeVisibleAsync();
        Assert.Equal(200, answer.Status);
        var headers = await answer.AllHeadersAsync();
        Assert.Equal("application/pdf", headers["content-type"]);
        Assert.Equal("inline", headers["content-disposition"]);
        // The frame stays on the document (a download would leave it blank): Chromium's viewer shows it there.
        var content = await (await frame.ElementHandleAsync()).ContentFrameAsync();
        Assert.EndsWith(pdfPath, content!.Url, StringComparison.Ordinal);
        var size = (await frame.BoundingBoxAsync())!;
        Assert.True(size.Width > 200 && size.Height > 200, $"the PDF frame is {size.Width}x{size.Height}");
    }

    [Fact]
    public async Task TextArrow_TextTypedInTheViewportField_ShownAsTextNeverMarkup()
    {
        var page = await OpenStudyAsync();
        await page.GetByTestId("tool-arrow").ClickAsync();
        await page.Locator("[data-tool=arrow]").WaitForAsync();
        var box = (await page.GetByTestId("viewport-canvas").First.BoundingBoxAsync())!;
        var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        const string typed = "<b>cyst</b> & fluid";

        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x + 60, y + 40, new() { Steps = 4 });
        await page.Mouse.UpAsync();
        var input = page.GetByTestId("annotation-input");
        await Assertions.Expect(input).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(typed);
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByTestId("annotation-form")).ToHaveCountAsync(0);
        var item = page.GetByTestId("measurement-item");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item.GetByTestId("measurement-text")).ToHaveTextAsync(typed);
        var label = page.Locator("[data-testid=viewport-measurements] text");
        await Assertions.Expect(label).ToHaveTextAsync(typed);
        Assert.Equal(0, await page.Locator("[data-testid=viewport-measurements] b").CountAsync());
    }

    [Fact]
    public async Task TextArrow_EscapeInTheViewportField_DropsTheArrow()
    {
        var page = await OpenStudyAsync();
        await page.GetByTestId("tool-arrow").ClickAsync();
        await page.Locator("[data-tool=arrow]").WaitForAsync();
        var box = (await page.GetByTestId("viewport-canvas").First.BoundingBoxAsync())!;
        var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);

        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x - 50, y + 30, new() { Steps = 4 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.GetByTestId("annotation-input")).ToBeFocusedAsync();
        var arrows = page.Locator("[data-testid=viewport-measurements] g[data-kind=arrow]");
        await Assertions.Expect(arrows).ToHaveCountAsync(1);
        await page.Keyboard.TypeAsync("not kept");
        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(page.GetByTestId("annotation-form")).ToHaveCountAsync(0);
        await Assertions.Expect(arrows).ToHaveCountAsync(0);
        Assert.Equal(0, await page.GetByTestId("measurement-item").CountAsync());
    }
}
