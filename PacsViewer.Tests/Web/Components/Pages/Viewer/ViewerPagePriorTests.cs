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
using PacsViewer.Web.Worklist;

namespace PacsViewer.Tests.Web.Components.Pages.Viewer;

/// <summary>The viewer comparing a study with a prior one (<c>?prior=</c>), over a real built-in archive with the demo studies.</summary>
public sealed class ViewerPagePriorTests(DemoArchiveFixture demo) : AppDatabaseTestBase, IClassFixture<DemoArchiveFixture>
{
    // The viewer checks study access and audits openings in the app database; an admin sees every study read-only.
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private BunitContext NewContext(bool interactive = true)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(new StudySourceCatalog([demo.Archive]));
        ctx.Services.AddSingleton<StudyModelCache>();
        ctx.AddViewerServices(Services, "admin", PacsViewer.Core.Security.PacsRoles.Admin);
        ctx.SetRendererInfo(new RendererInfo(interactive ? "Server" : "Static", interactive));
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

    private static IRenderedComponent<ViewerPage> Open(BunitContext ctx, string study, string? prior)
    {
        var url = prior is null ? ViewerLinks.Study("archive", study) : ViewerLinks.WithPrior("archive", study, "archive", prior);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        return ctx.Render<ViewerPage>(p => p.Add(v => v.SourceId, "archive").Add(v => v.StudyInstanceUid, study));
    }

    [Fact]
    public async Task Render_WithPrior_TwoLabelledGroupsAndPriorSeriesShownWithItsStudyInTheOverlay()
    {
        await using var ctx = NewContext();
        var ct = await StudyUidAsync("DEMO^CT");
        var mr = await StudyUidAsync("DEMO^MR");
        var mrModel = await StudyModelService.LoadAsync(demo.Archive, mr);

        var cut = Open(ctx, ct, mr);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=series-list]").Count), Wait);
        var groups = cut.FindAll("[data-testid=series-list]");
        Assert.Equal(["current", "prior"], groups.Select(g => g.GetAttribute("data-group")));
        Assert.Equal([ct, mr], groups.Select(g => g.GetAttribute("data-study")));
        var mrDate = mrModel.StudyDate; // the model's dates are yyyy-MM-dd
        Assert.Equal($"Prior: {mrDate}, {mrModel.Description}", groups[1].QuerySelector("[data-testid=series-group-label]")!.TextContent);
        Assert.StartsWith("Current: ", groups[0].QuerySelector("[data-testid=series-group-label]")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Current: ", cut.Find("[data-testid=overlay-study]").TextContent, StringComparison.Ordinal);

        var priorThumbnail = groups[1].QuerySelector("[data-testid=series-thumbnail]")!;
        await priorThumbnail.ClickAsync(new());

        var viewport = cut.Find("[data-testid=viewport]");
        Assert.Equal(mrModel.Series[0].SeriesInstanceUid, viewport.GetAttribute("data-series"));
        Assert.Equal($"Prior: {mrDate}", cut.Find("[data-testid=overlay-study]").TextContent);
        Assert.Contains("DEMO, MR", cut.Find("[data-testid=overlay-top-left]").TextContent, StringComparison.Ordinal);
        // The prior's frames come from its own study's URLs.
        var firstFrame = cut.Find("canvas[data-testid=viewport-canvas]").GetAttribute("data-first-frame")!;
        Assert.Contains($"/studies/{mr}", firstFrame, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_WithoutPrior_OneUnlabelledGroupAndNoStudyLabel()
    {
        await using var ctx = NewContext();
        var ct = await StudyUidAsync("DEMO^CT");

        var cut = Open(ctx, ct, prior: null);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=viewport]")), Wait);
        Assert.Single(cut.FindAll("[data-testid=series-list]"));
        Assert.Empty(cut.FindAll("[data-testid=series-group-label]"));
        Assert.Empty(cut.FindAll("[data-testid=overlay-study]"));
    }

    [Fact]
    public async Task Render_Prerender_PriorLeftToTheCircuit()
    {
        await using var ctx = NewContext(interactive: false);
        var ct = await StudyUidAsync("DEMO^CT");
        var mr = await StudyUidAsync("DEMO^MR");

        var cut = Open(ctx, ct, mr);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=viewport]")), Wait);
        Assert.Single(cut.FindAll("[data-testid=series-list]"));
        Assert.Contains($"/studies/{ct}", cut.Find("canvas[data-testid=viewport-canvas]").GetAttribute("data-first-frame")!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nosuchsource/1.2.3", "There is no study source named 'nosuchsource' for the prior study.")]
    [InlineData("archive/1.2.3.4.5.6", "The prior study 1.2.3.4.5.6 was not found in 'archive'.")]
    [InlineData("1.2.3", "The prior study's link is not \"source/study UID\".")]
    public async Task Render_BadPrior_CurrentStudyShownWithAWarning(string prior, string message)
    {
        await using var ctx = NewContext();
        var ct = await StudyUidAsync("DEMO^CT");
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"viewer/archive/{ct}?prior={Uri.EscapeDataString(prior)}");

        var cut = ctx.Render<ViewerPage>(p => p.Add(v => v.SourceId, "archive").Add(v => v.StudyInstanceUid, ct));

        cut.WaitForAssertion(() => Assert.Equal(message, cut.Find("[data-testid=prior-error]").TextContent.Trim()), Wait);
        Assert.Single(cut.FindAll("[data-testid=viewport]"));
        Assert.Single(cut.FindAll("[data-testid=series-list]"));
    }
}
