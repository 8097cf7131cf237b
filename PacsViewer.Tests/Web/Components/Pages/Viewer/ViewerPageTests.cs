using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Viewing;
using PacsViewer.Core.Data;
using PacsViewer.Tests.Core.Archive.Demo;
using PacsViewer.Tests.Core.Data;
using PacsViewer.Web.Components.Pages.Viewer;
using PacsViewer.Web.Viewer;

namespace PacsViewer.Tests.Web.Components.Pages.Viewer;

/// <summary>The viewer page over a real built-in archive seeded with the demo studies.</summary>
public sealed class ViewerPageTests(DemoArchiveFixture demo) : AppDatabaseTestBase, IClassFixture<DemoArchiveFixture>
{
    // The viewer checks study access and audits openings in the app database; an admin sees every study read-only.
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(new StudySourceCatalog([demo.Archive]));
        ctx.Services.AddSingleton<StudyModelCache>();
        ctx.AddViewerServices(Services, "admin", PacsViewer.Core.Security.PacsRoles.Admin);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }

    private async Task<string> StudyUidAsync(string patientName)
    {
        await foreach (var study in demo.Archive.SearchStudiesAsync(new StudyQuery { PatientName = patientName }))
        {
            return study.GetFirstString(DicomTags.StudyInstanceUID)!;
        }
        throw new InvalidOperationException($"no demo study of {patientName}");
    }

    [Fact]
    public async Task Render_DemoCt_ShowsSeriesThumbnailOneViewportWithCanvasAndCtPresets()
    {
        await using var ctx = NewContext();
        var uid = await StudyUidAsync("DEMO^CT");

        var cut = ctx.Render<ViewerPage>(p => p.Add(v => v.SourceId, "archive").Add(v => v.StudyInstanceUid, uid));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=viewport]")), Wait);
        Assert.Equal(2, cut.FindAll("[data-testid=series-thumbnail]").Count); // axial and coronal
        Assert.Single(cut.FindAll("canvas[data-testid=viewport-canvas]"));
        Assert.Equal("true", cut.Find("[data-testid=viewport]").GetAttribute("data-active"));
        Assert.Contains("DEMO, CT", cut.Find("[data-testid=overlay-top-left]").TextContent, StringComparison.Ordinal);
        Assert.Equal("W: 400 L: 40", cut.Find("[data-testid=overlay-window]").TextContent);
    }

    [Fact]
    public async Task Layout2x2_ClickSecondViewportThenThumbnail_ShowsSeriesThereAndHighlightsIt()
    {
        await using var ctx = NewContext();
        var uid = await StudyUidAsync("DEMO^CT");
        var cut = ctx.Render<ViewerPage>(p => p.Add(v => v.SourceId, "archive").Add(v => v.StudyInstanceUid, uid));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=viewport]")), Wait);
        var series = cut.FindAll("[data-testid=series-thumbnail]")[0].GetAttribute("data-series");

        await cut.Find("[data-testid='layout-2x2']").ClickAsync(new());
        Assert.Equal(4, cut.FindAll("[data-testid=viewport]").Count);
        Assert.Equal(2, cut.FindAll("[data-testid=viewport-empty]").Count);

        await cut.FindAll(".viewer-cell")[1].ClickAsync(new());
        await cut.FindAll("[data-testid=series-thumbnail]")[0].ClickAsync(new());

        var viewports = cut.FindAll("[data-testid=viewport]");
        Assert.Equal(["false", "true", "false", "false"], viewports.Select(v => v.GetAttribute("data-active")));
        Assert.Equal([series, series, "", ""], viewports.Select(v => v.GetAttribute("data-series")));
    }

    [Fact]
    public async Task SyncScrollToggle_AxialBesideCoronalThenSameSeries_OffByDefaultThenOnAndClickTurnsItOff()
    {
        await using var ctx = NewContext();
        var uid = await StudyUidAsync("DEMO^CT");
        var cut = ctx.Render<ViewerPage>(p => p.Add(v => v.SourceId, "archive").Add(v => v.StudyInstanceUid, uid));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=viewport]")), Wait);
        string Pressed() => cut.Find("[data-testid=sync-scroll]").GetAttribute("aria-pressed")!;
        Assert.Equal("false", Pressed()); // one viewport: nothing to link

        await cut.Find("[data-testid='layout-1x2']").ClickAsync(new());
        Assert.Equal("false", Pressed()); // axial beside coronal: same Frame of Reference, but not parallel

        await cut.FindAll(".viewer-cell")[1].ClickAsync(new());
        await cut.FindAll("[data-testid=series-thumbnail]")[0].ClickAsync(new());
        Assert.Equal("true", Pressed()); // the axial CT twice: linked

        await cut.Find("[data-testid=sync-scroll]").ClickAsync(new());
        Assert.Equal("false", Pressed());
    }

    [Fact]
    public async Task Render_UnknownSource_SaysSoInsteadOfFailing()
    {
        await using var ctx = NewContext();

        var cut = ctx.Render<ViewerPage>(p => p.Add(v => v.SourceId, "nowhere").Add(v => v.StudyInstanceUid, "2.25.1"));

        cut.WaitForAssertion(() => Assert.Contains("no study source named 'nowhere'", cut.Find("[data-testid=viewer-error]").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task Render_UnknownStudy_SaysNotFound()
    {
        await using var ctx = NewContext();

        var cut = ctx.Render<ViewerPage>(p => p.Add(v => v.SourceId, "archive").Add(v => v.StudyInstanceUid, "2.25.999"));

        cut.WaitForAssertion(() => Assert.Contains("2.25.999 was not found", cut.Find("[data-testid=viewer-error]").TextContent, StringComparison.Ordinal), Wait);
    }
}
