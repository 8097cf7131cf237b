using PacsViewer.Web.Viewer;

namespace PacsViewer.Tests.Web.Viewer;

public sealed class ViewerStateTests
{
    [Fact]
    public void Open_StudyWithImageAndOtherSeries_AssignsImageSeriesFirstAndActivatesFirstViewport()
    {
        var state = new ViewerState();

        state.Open(SampleStudyModels.Study());

        Assert.Equal([SampleStudyModels.CtSeriesUid, SampleStudyModels.UsSeriesUid, SampleStudyModels.SrSeriesUid, SampleStudyModels.PdfSeriesUid],
            state.Assignments);
        Assert.Equal(0, state.ActiveViewport);
        Assert.Equal(ViewerLayout.Single, state.Layout);
    }

    [Fact]
    public void SetLayout_FewerViewportsThanActive_ActiveMovesToLastViewportOfLayout()
    {
        var state = new ViewerState();
        state.Open(SampleStudyModels.Study());
        state.SetLayout(ViewerLayout.TwoByTwo);
        state.Activate(3);

        state.SetLayout(ViewerLayout.OneByTwo);

        Assert.Equal(1, state.ActiveViewport);
        Assert.Equal(2, ViewerLayout.OneByTwo.ViewportCount());
        Assert.Equal((1, 2), (ViewerLayout.OneByTwo.Rows(), ViewerLayout.OneByTwo.Columns()));
        Assert.Equal((2, 1), (ViewerLayout.TwoByOne.Rows(), ViewerLayout.TwoByOne.Columns()));
    }

    [Fact]
    public void Activate_ViewportOutsideLayout_Throws()
    {
        var state = new ViewerState();

        Assert.Throws<ArgumentOutOfRangeException>(() => state.Activate(1));
    }

    [Fact]
    public void Assign_SecondViewport_ShowsSeriesThereAndMakesItActive()
    {
        var state = new ViewerState();
        state.Open(SampleStudyModels.Study());
        state.SetLayout(ViewerLayout.OneByTwo);

        state.Assign(1, SampleStudyModels.CtSeriesUid);

        Assert.Equal(1, state.ActiveViewport);
        Assert.Equal(SampleStudyModels.CtSeriesUid, state.Assignments[1]);
        Assert.Equal(SampleStudyModels.CtSeriesUid, state.Assignments[0]);
    }

    [Fact]
    public void SelectTool_UnknownTool_ThrowsAndKeepsTool()
    {
        var state = new ViewerState();
        state.SelectTool(ViewerBindings.LengthTool);

        Assert.Throws<ArgumentException>(() => state.SelectTool("laser"));
        Assert.Equal(ViewerBindings.LengthTool, state.Tool);
    }

    [Fact]
    public void AddMeasurement_SameIdTwice_KeepsOneAndRemoveDeletesIt()
    {
        var state = new ViewerState();
        var first = Length("m1", "10.0 mm");

        state.AddMeasurement(first);
        state.AddMeasurement(first with { Text = "12.0 mm" });

        Assert.Equal("12.0 mm", Assert.Single(state.Measurements).Text);
        Assert.True(state.RemoveMeasurement("m1"));
        Assert.False(state.RemoveMeasurement("m1"));
        Assert.Empty(state.Measurements);
    }

    internal static MeasurementReport Length(string id, string text) =>
        new(id, "length", SampleStudyModels.CtSeriesUid, "2.25.101.2", 1, text, 10, "mm", [[0, 0], [10, 0]]);
}
