using PacsViewer.Web.Viewer;

namespace PacsViewer.Tests.Web.Viewer;

public sealed class OverlayTextTests
{
    private static ViewportStateReport State(int index, string sop, double? center = 50, double? width = 350, int rotation = 0, bool flipH = false) =>
        new(index, 3, sop, 1, center, width, 1.5, rotation, flipH, false, false, false, 10);

    [Fact]
    public void For_CtSliceWithState_ShowsPatientStudySeriesSliceWindowAndZoom()
    {
        var study = SampleStudyModels.Study();
        var ct = study.Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.CtSeriesUid);

        var text = OverlayText.For(study, ct, State(1, "2.25.101.2"));

        Assert.Equal(["TEST^PATIENT", "ID: PID-1", "DOB: 1970-01-02 Sex: O"], text.TopLeft);
        Assert.Equal(["2026-01-05 10:20:30", "CT CHEST", "Se: 2 AXIAL 2.5"], text.TopRight);
        Assert.Equal(["Im: 2 (2/3)", "Loc: -147.5 mm", "Thk: 2.5 mm"], text.BottomLeft);
        Assert.Equal(["W: 350 L: 50", "Zoom: 1.50x"], text.BottomRight);
    }

    [Fact]
    public void For_NoStateYet_ShowsFirstInstanceAndItsFileWindow()
    {
        var study = SampleStudyModels.Study();
        var ct = study.Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.CtSeriesUid);

        var text = OverlayText.For(study, ct, null);

        Assert.Equal(["Im: 1", "Loc: -150 mm", "Thk: 2.5 mm"], text.BottomLeft);
        Assert.Equal(["W: 400 L: 40"], text.BottomRight);
    }

    [Fact]
    public void For_AxialImage_MarkersFollowRotationAndFlip()
    {
        var study = SampleStudyModels.Study();
        var ct = study.Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.CtSeriesUid);

        var plain = OverlayText.For(study, ct, State(0, "2.25.101.1")).Markers;
        var rotated = OverlayText.For(study, ct, State(0, "2.25.101.1", rotation: 90)).Markers;
        var flipped = OverlayText.For(study, ct, State(0, "2.25.101.1", flipH: true)).Markers;

        // Axial, row direction +x (patient left) to the right edge, column direction +y (posterior) to the bottom.
        Assert.Equal(("R", "L", "A", "P"), (plain.Left, plain.Right, plain.Top, plain.Bottom));
        Assert.Equal(("P", "A", "R", "L"), (rotated.Left, rotated.Right, rotated.Top, rotated.Bottom));
        Assert.Equal(("L", "R", "A", "P"), (flipped.Left, flipped.Right, flipped.Top, flipped.Bottom));
    }

    [Fact]
    public void For_NoWindowAnywhere_SaysAutomatic()
    {
        var study = SampleStudyModels.Study();
        var us = study.Series.Single(s => s.SeriesInstanceUid == SampleStudyModels.UsSeriesUid);

        var text = OverlayText.For(study, us, State(4, "2.25.104.1", center: null, width: null) with { Frame = 5 });

        Assert.Equal("W/L: auto", text.BottomRight[0]);
        Assert.Contains("Fr: 5/24", text.BottomLeft);
    }
}
