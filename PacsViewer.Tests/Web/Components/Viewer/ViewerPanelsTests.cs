using System.Text.RegularExpressions;
using Bunit;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Viewing;
using PacsViewer.Tests.Web.Viewer;
using PacsViewer.Web.Components.Viewer;
using PacsViewer.Web.Viewer;

namespace PacsViewer.Tests.Web.Components.Viewer;

/// <summary>The viewer's side panels and toolbar: thumbnails, measurements, help.</summary>
public sealed class ViewerPanelsTests
{
    private static BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return ctx;
    }

    [Fact]
    public async Task SeriesThumbnails_ImageSeries_ServerThumbnailAndClickSelectsSeries()
    {
        await using var ctx = NewContext();
        var study = SampleStudyModels.Study();
        SeriesModel? clicked = null;

        var cut = ctx.Render<SeriesThumbnails>(p => p.Add(t => t.SourceId, "archive").Add(t => t.Study, study)
            .Add(t => t.SelectedSeries, SampleStudyModels.CtSeriesUid).Add(t => t.SeriesClicked, s => clicked = s));

        var items = cut.FindAll("[data-testid=series-thumbnail]");
        Assert.Equal(4, items.Count);
        var ct = cut.Find($"[data-testid=series-thumbnail][data-series='{SampleStudyModels.CtSeriesUid}']");
        Assert.Contains("selected", ct.ClassList);
        Assert.Equal("/api/sources/archive/studies/2.25.100/series/2.25.101/thumbnail?size=128", ct.QuerySelector("img")!.GetAttribute("src"));
        Assert.Null(cut.Find($"[data-series='{SampleStudyModels.SrSeriesUid}']").QuerySelector("img"));
        Assert.Contains("24 frames", cut.Find($"[data-series='{SampleStudyModels.UsSeriesUid}']").TextContent, StringComparison.Ordinal);

        await ct.ClickAsync(new());
        Assert.Equal(SampleStudyModels.CtSeriesUid, clicked?.SeriesInstanceUid);
    }

    [Fact]
    public async Task MeasurementList_Measurements_ListsKindTextAndWhereAndDeleteReportsIt()
    {
        await using var ctx = NewContext();
        var study = SampleStudyModels.Study();
        MeasurementReport? removed = null;
        IReadOnlyList<MeasurementReport> measurements =
        [
            ViewerStateTests.Length("m1", "42.0 mm"),
            new("m2", "ellipse", SampleStudyModels.CtSeriesUid, "2.25.101.3", 1, "mean 40.0 HU sd 2.0 min 35.0 max 45.0 (n 80)", 40, "HU", [[1, 1], [9, 9]]),
        ];

        var cut = ctx.Render<MeasurementList>(p => p.Add(l => l.Study, study).Add(l => l.Measurements, measurements)
            .Add(l => l.Removed, m => removed = m));

        var items = cut.FindAll("[data-testid=measurement-item]");
        Assert.Equal(["Length 42.0 mm", "Ellipse mean 40.0 HU sd 2.0 min 35.0 max 45.0 (n 80)"],
            items.Select(i => i.QuerySelector(".measurement-text strong")!.TextContent + " " + i.QuerySelector("[data-testid=measurement-text]")!.TextContent));
        Assert.Equal(["Se 2 Im 2", "Se 2 Im 3"], cut.FindAll(".measurement-where").Select(e => e.TextContent));
        Assert.Equal("10", items[0].GetAttribute("data-value"));

        await cut.FindAll("button")[1].ClickAsync(new());
        Assert.Equal("m2", removed?.Id);
    }

    [Fact]
    public async Task ViewerHelp_Render_ListsEveryToolAndBinding()
    {
        await using var ctx = NewContext();

        var cut = ctx.Render<ViewerHelp>();

        Assert.Equal(ViewerBindings.Tools.Count, cut.FindAll("[data-testid=help-tool]").Count);
        Assert.Equal(ViewerBindings.Bindings.Count, cut.FindAll("[data-testid=help-binding]").Count);
        var text = cut.Markup;
        Assert.Contains("Ctrl + wheel", text, StringComparison.Ordinal);
        Assert.Contains("Length", text, StringComparison.Ordinal);
        Assert.Contains("synchronised scrolling", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViewerHelp_Render_ListsEveryKeyOfViewportInputJsAndTheViewportLinks()
    {
        await using var ctx = NewContext();
        var script = await File.ReadAllTextAsync(WebRootFile("js/viewport-input.js"));
        var commandKeys = JsKeys(script, "commandKeys");
        var toolKeys = JsKeys(script, "toolKeys");

        var cut = ctx.Render<ViewerHelp>();

        var inputs = cut.FindAll("[data-testid=help-binding] td:first-child").Select(td => td.TextContent).ToList();
        Assert.NotEmpty(commandKeys);
        foreach (var key in commandKeys.Keys)
        {
            var shown = key switch
            {
                " " => "Space",
                "R" => "Shift + R",
                _ when key.StartsWith("Arrow", StringComparison.Ordinal) => "Arrow " + key[5..],
                _ when key.StartsWith("Page", StringComparison.Ordinal) => "Page " + key[4..],
                _ => key.ToUpperInvariant(),
            };
            Assert.True(inputs.Any(i => Regex.IsMatch(i, $@"(^|[\s/,]){Regex.Escape(shown)}($|[\s/,])")),
                $"key '{key}' ({commandKeys[key]}) is not in the help");
        }
        Assert.Equal(toolKeys.OrderBy(k => k.Value, StringComparer.Ordinal).Select(k => (k.Key.ToUpperInvariant(), k.Value)),
            ViewerBindings.Tools.OrderBy(t => t.Id, StringComparer.Ordinal).Select(t => (t.Key, t.Id)));
        var text = cut.Markup;
        foreach (var expected in new[] { "Two-finger pinch", "Esc", "1 to 9", "Link button", "Reference lines", "Text arrow", "series thumbnail" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    /// <summary>The <c>'key': 'value'</c> pairs of the object literal assigned to <paramref name="name"/> in a script.</summary>
    private static Dictionary<string, string> JsKeys(string script, string name)
    {
        var start = script.IndexOf($"const {name} = {{", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{name} not found in the script");
        var end = script.IndexOf("};", start, StringComparison.Ordinal);
        return Regex.Matches(script[start..end], "'([^']+)':\\s*'([^']+)'")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
    }

    /// <summary>A file of the web app's wwwroot in the source tree (found from the test assembly's folder upwards).</summary>
    private static string WebRootFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "PacsViewer.Web", "wwwroot", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"PacsViewer.Web/wwwroot/{relative} not found above {AppContext.BaseDirectory}");
    }

    [Fact]
    public async Task ViewerToolbar_ClickCommandAndLayout_RaisesThem()
    {
        await using var ctx = NewContext();
        ctx.Render<MudPopoverProvider>();
        string? command = null;
        ViewerLayout? layout = null;

        var cut = ctx.Render<ViewerToolbar>(p => p.Add(t => t.Presets, WindowPresets.Ct)
            .Add(t => t.CommandIssued, c => command = c).Add(t => t.LayoutSelected, l => layout = l));

        await cut.Find("[data-testid=command-invert]").ClickAsync(new());
        Assert.Equal("invert", command);
        await cut.Find("[data-testid=command-cine]").ClickAsync(new());
        Assert.Equal(ViewerToolbar.CineCommand, command);
        await cut.Find("[data-testid='layout-2x2']").ClickAsync(new());
        Assert.Equal(ViewerLayout.TwoByTwo, layout);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ViewerToolbar_SyncScrollClick_ShowsStateAndAsksForTheOpposite(bool on)
    {
        await using var ctx = NewContext();
        ctx.Render<MudPopoverProvider>();
        bool? asked = null;

        var cut = ctx.Render<ViewerToolbar>(p => p.Add(t => t.SyncScroll, on).Add(t => t.SyncScrollChanged, v => asked = v));
        var button = cut.Find("[data-testid=sync-scroll]");
        Assert.Equal(on ? "true" : "false", button.GetAttribute("aria-pressed"));
        await button.ClickAsync(new());

        Assert.Equal(!on, asked);
    }
}
