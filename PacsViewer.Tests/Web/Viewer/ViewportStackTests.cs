using System.Text.Json;
using PacsViewer.Core.Viewing;
using PacsViewer.Core.Viewing.Geometry;
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

    /// <summary>
    /// One enhanced CT instance of 3 frames stored out of order (z = 10, 0, 5), axial, with per-frame Pixel Measures on
    /// the last frame (0.8 mm) and shared ones (0.5 mm) for the others; the middle frame is tilted (coronal) in its own
    /// Plane Orientation, as functional groups allow.
    /// </summary>
    private static SeriesModel Enhanced(bool tiltMiddle)
    {
        double[] axial = [1, 0, 0, 0, 1, 0];
        double[] coronal = [1, 0, 0, 0, 0, -1];
        FrameGeometry[] frames =
        [
            new([0, 0, 10], axial, [0.5, 0.5], 1),
            new([0, 0, 0], tiltMiddle ? coronal : axial, [0.5, 0.5], 1),
            new([0, 0, 5], axial, [0.8, 0.8], 1),
        ];
        var instance = new InstanceModel("2.25.7.1", "1.2.840.10008.5.1.4.1.1.2.1", 1, 3, 64, 64, [0.5, 0.5], PixelSpacingKind.PixelSpacing,
            null, 1, [0, 0, 10], axial, [], null, "MONOCHROME2", false, "HU", frames);
        return new SeriesModel("2.25.7", "CT", 1, null, "2.25.8", SeriesKind.Image, "Enhanced CT Image Storage", [instance]);
    }

    [Fact]
    public void For_EnhancedFramesWithOwnPositions_OrderedAlongTheNormalWithEachFramesSpacing()
    {
        var stack = ViewportStack.For("/base", Enhanced(tiltMiddle: false));
        var geometry = StackGeometry.For(Enhanced(tiltMiddle: false));

        Assert.Equal([2, 3, 1], stack.Images.Select(i => i.Frame));
        Assert.Equal([0.5, 0.5], stack.Images[0].PixelSpacing);
        Assert.Equal([0.8, 0.8], stack.Images[1].PixelSpacing);
        Assert.All(stack.Images, i => Assert.Equal("pixel", i.PixelSpacingKind));
        Assert.Equal(new Vector3D(0, 0, 0), geometry.PlaneAt(0)!.Position);
        Assert.Equal(new Vector3D(0, 0, 5), geometry.PlaneAt(1)!.Position);
        Assert.Equal(0.8, geometry.PlaneAt(1)!.RowSpacing);
        Assert.Equal("2.25.7.1:1", geometry.ImageAt(2));
        Assert.Equal(5, geometry.SliceSpacing);
    }

    [Fact]
    public void For_EnhancedFramesWithDifferentOrientations_KeepFrameOrderAndEachFramesPlane()
    {
        var series = Enhanced(tiltMiddle: true);

        var stack = ViewportStack.For("/base", series);
        var geometry = StackGeometry.For(series);
        var markers = OverlayText.For(SampleStudyModels.Study(), series, State(series, frame: 2)).Markers;
        var first = OverlayText.For(SampleStudyModels.Study(), series, State(series, frame: 1)).Markers;

        Assert.Equal([1, 2, 3], stack.Images.Select(i => i.Frame));
        Assert.Equal(new Vector3D(0, 0, -1), geometry.PlaneAt(1)!.ColumnDirection);
        Assert.Equal(new Vector3D(0, 1, 0), geometry.PlaneAt(0)!.ColumnDirection);
        // Frame 2 is coronal (columns towards the feet), frame 1 axial (columns towards the back).
        Assert.Equal("F", markers.Bottom);
        Assert.Equal("P", first.Bottom);
    }

    private static ViewportStateReport State(SeriesModel series, int frame) =>
        new(frame - 1, 3, series.Instances[0].SopInstanceUid, frame, 40, 400, 1, 0, false, false, false, false, 10);
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
