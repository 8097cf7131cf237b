using Bunit;
using Microsoft.JSInterop;
using MudBlazor.Services;
using PacsViewer.Tests.Web.Viewer;
using PacsViewer.Web.Components.Viewer;
using PacsViewer.Web.Viewer;

namespace PacsViewer.Tests.Web.Components.Viewer;

public sealed class ViewportTests
{
    private static (BunitJSInterop Module, BunitJSInterop Handle) SetUpModule(BunitContext ctx)
    {
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var module = ctx.JSInterop.SetupModule("./js/viewport.js");
        module.Mode = JSRuntimeMode.Loose;
        var handle = module.SetupModule(i => i.Identifier == "createViewport");
        handle.Mode = JSRuntimeMode.Loose;
        return (module, handle);
    }

    [Fact]
    public async Task Render_ImageSeries_CreatesJsViewportAndHandsItTheStackAndTool()
    {
        await using var ctx = new BunitContext();
        var (module, handle) = SetUpModule(ctx);
        var study = SampleStudyModels.Study();
        var ct = study.Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.CtSeriesUid);

        var cut = ctx.Render<Viewport>(p => p
            .Add(v => v.SourceId, "archive")
            .Add(v => v.Study, study)
            .Add(v => v.Series, ct)
            .Add(v => v.Tool, ViewerBindings.LengthTool)
            .Add(v => v.IsActive, true));

        module.VerifyInvoke("createViewport");
        Assert.Equal(ViewerBindings.LengthTool, handle.VerifyInvoke("setTool").Arguments[0]);
        var stack = Assert.IsType<ViewportStack>(handle.VerifyInvoke("setStack").Arguments[0]);
        Assert.Equal("/api/sources/archive/studies/2.25.100", stack.BaseUrl);
        Assert.Equal(3, stack.Images.Count);
        var canvas = cut.Find("canvas[data-testid=viewport-canvas]");
        Assert.Equal("", canvas.GetAttribute("data-frame"));
        Assert.Equal("true", cut.Find("[data-testid=viewport]").GetAttribute("data-active"));
        Assert.Contains("W: 400 L: 40", cut.Find("[data-testid=viewport-overlay]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnViewportState_Reported_OverlayShowsNewWindowSliceAndZoom()
    {
        await using var ctx = new BunitContext();
        SetUpModule(ctx);
        var study = SampleStudyModels.Study();
        var ct = study.Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.CtSeriesUid);
        var cut = ctx.Render<Viewport>(p => p.Add(v => v.SourceId, "archive").Add(v => v.Study, study).Add(v => v.Series, ct));

        await cut.InvokeAsync(() => cut.Instance.OnViewportState(new ViewportStateReport(2, 3, "2.25.101.3", 1, -600, 1500, 2, 0, false, false, true, false, 10)));

        Assert.Equal("W: 1500 L: -600", cut.Find("[data-testid=overlay-window]").TextContent);
        var bottomLeft = cut.Find("[data-testid=overlay-bottom-left]").TextContent;
        Assert.Contains("Im: 3 (3/3)", bottomLeft, StringComparison.Ordinal);
        Assert.Contains("Loc: -145 mm", bottomLeft, StringComparison.Ordinal);
        Assert.Contains("Inverted", cut.Find("[data-testid=overlay-bottom-right]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnViewportError_Message_ShowsItAndClearingRemovesIt()
    {
        await using var ctx = new BunitContext();
        SetUpModule(ctx);
        var study = SampleStudyModels.Study();
        var ct = study.Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.CtSeriesUid);
        var cut = ctx.Render<Viewport>(p => p.Add(v => v.SourceId, "archive").Add(v => v.Study, study).Add(v => v.Series, ct));

        await cut.InvokeAsync(() => cut.Instance.OnViewportError("frame 1 of 2.25.101.1 cannot be decoded: codec unavailable"));
        Assert.Equal("frame 1 of 2.25.101.1 cannot be decoded: codec unavailable", cut.Find("[data-testid=viewport-error]").TextContent);

        await cut.InvokeAsync(() => cut.Instance.OnViewportError(null));
        Assert.Empty(cut.FindAll("[data-testid=viewport-error]"));
    }

    [Fact]
    public async Task Render_PdfSeries_ShowsPdfEndpointInlineAndNoStack()
    {
        await using var ctx = new BunitContext();
        var (_, handle) = SetUpModule(ctx);
        var study = SampleStudyModels.Study();
        var pdf = study.Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.PdfSeriesUid);

        var cut = ctx.Render<Viewport>(p => p.Add(v => v.SourceId, "archive").Add(v => v.Study, study).Add(v => v.Series, pdf));

        Assert.Equal("/api/sources/archive/studies/2.25.100/series/2.25.103/instances/2.25.103.1/pdf",
            cut.Find("iframe[data-testid=viewport-pdf]").GetAttribute("src"));
        Assert.Empty(handle.Invocations["setStack"]);
        Assert.Empty(cut.FindAll("[data-testid=viewport-overlay]"));
    }

    [Fact]
    public async Task Render_UnsupportedSeries_SaysWhatItIs()
    {
        await using var ctx = new BunitContext();
        SetUpModule(ctx);
        var study = SampleStudyModels.Study();
        var odd = new PacsViewer.Core.Viewing.SeriesModel("2.25.200", "PR", 5, null, null, PacsViewer.Core.Viewing.SeriesKind.Unsupported,
            "Grayscale Softcopy Presentation State Storage: cannot be displayed", []);

        var cut = ctx.Render<Viewport>(p => p.Add(v => v.SourceId, "archive").Add(v => v.Study, study).Add(v => v.Series, odd));

        Assert.Equal("Grayscale Softcopy Presentation State Storage: cannot be displayed",
            cut.Find("[data-testid=viewport-unsupported]").TextContent.Trim());
    }

    [Fact]
    public async Task JsCallbacks_ToolPresetMeasurement_ReachTheParent()
    {
        await using var ctx = new BunitContext();
        SetUpModule(ctx);
        var study = SampleStudyModels.Study();
        var ct = study.Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.CtSeriesUid);
        string? tool = null;
        var preset = 0;
        MeasurementReport? measurement = null;
        var activated = false;
        var cut = ctx.Render<Viewport>(p => p.Add(v => v.SourceId, "archive").Add(v => v.Study, study).Add(v => v.Series, ct)
            .Add(v => v.ToolRequested, t => tool = t)
            .Add(v => v.PresetRequested, n => preset = n)
            .Add(v => v.MeasurementAdded, m => measurement = m)
            .Add(v => v.Activated, () => activated = true));

        await cut.InvokeAsync(() => cut.Instance.OnToolRequested("zoom"));
        await cut.InvokeAsync(() => cut.Instance.OnPresetRequested(2));
        await cut.InvokeAsync(() => cut.Instance.OnMeasurementAdded(ViewerStateTests.Length("m9", "7.0 mm")));
        await cut.InvokeAsync(() => cut.Instance.OnActivated());

        Assert.Equal(("zoom", 2, "m9", true), (tool, preset, measurement?.Id, activated));
    }

    [Fact]
    public async Task OnAnnotationTextRequested_TypedAndOkClicked_FieldClosesAndTextReturnedVerbatim()
    {
        await using var ctx = new BunitContext();
        SetUpModule(ctx);
        var study = SampleStudyModels.Study();
        var ct = study.Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.CtSeriesUid);
        var cut = ctx.Render<Viewport>(p => p.Add(v => v.SourceId, "archive").Add(v => v.Study, study).Add(v => v.Series, ct));
        Assert.Empty(cut.FindAll("[data-testid=annotation-form]"));

        Task<string?> request = null!;
        await cut.InvokeAsync(() => { request = cut.Instance.OnAnnotationTextRequested(); });
        Assert.False(request.IsCompleted);
        await cut.Find("[data-testid=annotation-input]").InputAsync(new() { Value = "<i>lesion</i>" });
        await cut.Find("[data-testid=annotation-form]").SubmitAsync();

        Assert.Equal("<i>lesion</i>", await request);
        Assert.Empty(cut.FindAll("[data-testid=annotation-form]"));
    }

    [Fact]
    public async Task OnAnnotationTextRequested_CancelledOrAskedAgain_CompletesWithNull()
    {
        await using var ctx = new BunitContext();
        SetUpModule(ctx);
        var study = SampleStudyModels.Study();
        var ct = study.Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.CtSeriesUid);
        var cut = ctx.Render<Viewport>(p => p.Add(v => v.SourceId, "archive").Add(v => v.Study, study).Add(v => v.Series, ct));

        Task<string?> first = null!, second = null!;
        await cut.InvokeAsync(() => { first = cut.Instance.OnAnnotationTextRequested(); });
        await cut.InvokeAsync(() => { second = cut.Instance.OnAnnotationTextRequested(); });
        Assert.True(first.IsCompleted);
        Assert.False(second.IsCompleted);
        await cut.Find("[data-testid=annotation-input]").KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Escape" });

        Assert.Null(await first);
        Assert.Null(await second);
        Assert.Empty(cut.FindAll("[data-testid=annotation-form]"));
    }
}
