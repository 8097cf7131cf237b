using System.Text.Json;
using PacsViewer.Web.Viewer;

namespace PacsViewer.Tests.Web.Viewer;

public sealed class ViewportStackTests
{
    [Fact]
    public void For_SingleFrameSlices_OneImagePerInstanceInModelOrderWithSpacingAndWindows()
    {
        var series = SampleStudyModels.Study().Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.CtSeriesUid);

        var stack = ViewportStack.For("/api/sources/archive/studies/2.25.100", series);

        Assert.Equal(["2.25.101.1", "2.25.101.2", "2.25.101.3"], stack.Images.Select(i => i.Sop));
        Assert.All(stack.Images, i => Assert.Equal(1, i.Frame));
        Assert.Equal([0.7, 0.7], stack.Images[0].PixelSpacing);
        Assert.Equal("pixel", stack.Images[0].PixelSpacingKind);
        Assert.Equal(new ViewportWindow(40, 400), stack.Images[0].Windows[0]);
        Assert.Equal(ViewportStack.DefaultFps, stack.Fps);
    }

    [Fact]
    public void For_MultiFrameClipWithFrameTime_OneImagePerFrameAndRateFromFrameTime()
    {
        var series = SampleStudyModels.Study().Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.UsSeriesUid);

        var stack = ViewportStack.For("/base", series);

        Assert.Equal(Enumerable.Range(1, 24), stack.Images.Select(i => i.Frame));
        Assert.All(stack.Images, i => Assert.True(i.IsColor));
        Assert.Equal(25, stack.Fps, 6); // Frame Time 40 ms
        Assert.Null(stack.Images[0].PixelSpacing);
    }

    [Fact]
    public void FirstFrameJson_CtSeries_BaseUrlSeriesAndFirstImageInTheViewportModulesNames()
    {
        var series = SampleStudyModels.Study().Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.CtSeriesUid);

        var json = ViewportStack.For("/api/sources/archive/studies/2.25.100", series).FirstFrameJson();

        using var document = JsonDocument.Parse(json!);
        var root = document.RootElement;
        Assert.Equal("/api/sources/archive/studies/2.25.100", root.GetProperty("baseUrl").GetString());
        Assert.Equal(SampleStudyModels.CtSeriesUid, root.GetProperty("series").GetString());
        var image = root.GetProperty("image");
        Assert.Equal("2.25.101.1", image.GetProperty("sop").GetString());
        Assert.Equal(1, image.GetProperty("frame").GetInt32());
        Assert.Equal(512, image.GetProperty("columns").GetInt32());
        Assert.Equal(512, image.GetProperty("rows").GetInt32());
    }

    [Fact]
    public void FirstFrameJson_NoImages_Null()
    {
        var stack = new ViewportStack("/base", "2.25.1", [], ViewportStack.DefaultFps, 0);

        Assert.Null(stack.FirstFrameJson());
    }
}
