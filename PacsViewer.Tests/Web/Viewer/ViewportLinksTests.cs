using PacsViewer.Core.Viewing;
using PacsViewer.Web.Viewer;

namespace PacsViewer.Tests.Web.Viewer;

/// <summary>Synchronised scrolling and reference lines between viewports, decided from the study model's geometry.</summary>
public sealed class ViewportLinksTests
{
    private const string Frame = "2.25.9";

    /// <summary>Axial slices of 100x100 pixels of 1 mm, first pixel at (0,0,z), normal (0,0,1).</summary>
    private static SeriesModel Axial(string uid, string? frameOfReference, params double[] zs) =>
        Series(uid, frameOfReference, zs.Select(z => (new double[] { 0, 0, z }, new double[] { 1, 0, 0, 0, 1, 0 })).ToArray());

    /// <summary>Coronal slices of 100x100 pixels of 1 mm: rows along +x, columns along -z from z = 99; normal (0,1,0).</summary>
    private static SeriesModel Coronal(string uid, string? frameOfReference, params double[] ys) =>
        Series(uid, frameOfReference, ys.Select(y => (new double[] { 0, y, 99 }, new double[] { 1, 0, 0, 0, 0, -1 })).ToArray());

    private static SeriesModel Series(string uid, string? frameOfReference, (double[] Position, double[] Orientation)[] planes) =>
        new(uid, "CT", 1, null, frameOfReference, SeriesKind.Image, "CT Image Storage",
            planes.Select((p, i) => new InstanceModel($"{uid}.{i + 1}", null, i + 1, 1, 100, 100, [1.0, 1.0], PixelSpacingKind.PixelSpacing,
                null, null, p.Position, p.Orientation, [], null, "MONOCHROME2", false, "HU")).ToList());

    private static StackGeometry?[] Stacks(params SeriesModel?[] series) => series.Select(s => s is null ? null : StackGeometry.For(s)).ToArray();

    [Fact]
    public void NearestIndex_PointBetweenSlices_NearestWithinHalfSpacingElseNull()
    {
        var stack = StackGeometry.For(Axial("2.25.1", Frame, 0, 5, 10, 15));

        Assert.Equal(5, stack.SliceSpacing);
        Assert.Equal(1, stack.NearestIndex(new(30, 40, 6.9)));
        Assert.Equal(2, stack.NearestIndex(new(0, 0, 8)));
        Assert.Equal(3, stack.NearestIndex(new(0, 0, 17.5)));
        Assert.Null(stack.NearestIndex(new(0, 0, 17.6)));
        Assert.Null(stack.NearestIndex(new(0, 0, -3)));
    }

    [Fact]
    public void SyncTargets_ParallelStacksWithOtherSpacing_MovesOthersToNearestSlice()
    {
        var stacks = Stacks(Axial("2.25.1", Frame, 0, 2, 4, 6, 8, 10), Axial("2.25.2", Frame, 10, 5, 0), Coronal("2.25.3", Frame, 10, 20));

        // Source slice z = 6: the second stack (stored in descending order) has 5 at index 1; the coronal is not parallel.
        var targets = ViewportLinks.SyncTargets(stacks, [0, 2, 0], source: 0, index: 3);

        Assert.Equal([(1, 1)], targets);
        Assert.True(ViewportLinks.AnyLinked(stacks));
    }

    [Fact]
    public void SyncTargets_OtherAlreadyThereOrOtherFrameOrOutside_LeavesItUnchanged()
    {
        var sameIndex = ViewportLinks.SyncTargets(Stacks(Axial("2.25.1", Frame, 0, 5), Axial("2.25.2", Frame, 0, 5)), [1, 1], 0, 1);
        var otherFrame = Stacks(Axial("2.25.1", Frame, 0, 5), Axial("2.25.2", "2.25.8", 0, 5));
        var outside = ViewportLinks.SyncTargets(Stacks(Axial("2.25.1", Frame, 0, 50), Axial("2.25.2", Frame, 0, 5)), [1, 1], 0, 1);

        Assert.Empty(sameIndex);
        Assert.Empty(ViewportLinks.SyncTargets(otherFrame, [0, 0], 0, 1));
        Assert.False(ViewportLinks.AnyLinked(otherFrame));
        Assert.Empty(outside);
    }

    [Fact]
    public void AnyLinked_NoFrameOfReferenceOrEmptyViewports_False()
    {
        Assert.False(ViewportLinks.AnyLinked(Stacks(Axial("2.25.1", null, 0, 5), Axial("2.25.2", null, 0, 5))));
        Assert.False(ViewportLinks.AnyLinked(Stacks(Axial("2.25.1", Frame, 0, 5), null)));
        Assert.False(ViewportLinks.AnyLinked(Stacks(Axial("2.25.1", Frame, 0, 5), Coronal("2.25.3", Frame, 10, 20))));
    }

    [Fact]
    public void For_AxialSliceOnCoronalImage_HorizontalLineAtTheSliceHeightInSourceColour()
    {
        var stacks = Stacks(Axial("2.25.1", Frame, 0, 20, 40), Coronal("2.25.3", Frame, 10, 20));

        var lines = ViewportLinks.For(stacks, [2, 1], target: 1);

        // Axial z = 40 crosses the coronal image (row r at z = 99 - r) at row 59, whose centre is y = 59.5 in corner coordinates.
        Assert.Equal("2.25.3.2:1", lines.Image);
        var line = Assert.Single(lines.Lines);
        Assert.Equal(0, line.Source);
        Assert.Equal(ViewportLinks.Colors[0], line.Color);
        Assert.Equal((0, 59.5, 100, 59.5), (Math.Min(line.X1, line.X2), line.Y1, Math.Max(line.X1, line.X2), line.Y2));
    }

    [Fact]
    public void For_CoronalSliceOnAxialImage_LineAtTheCoronalDepth()
    {
        var stacks = Stacks(Axial("2.25.1", Frame, 0, 20, 40), Coronal("2.25.3", Frame, 10, 20));

        var lines = ViewportLinks.For(stacks, [0, 1], target: 0);

        // Coronal y = 20 is row 20 of the axial image (rows along +y): y = 20.5 in corner coordinates.
        var line = Assert.Single(lines.Lines);
        Assert.Equal(1, line.Source);
        Assert.Equal(20.5, line.Y1);
        Assert.Equal(20.5, line.Y2);
        Assert.Equal("2.25.1.1:1", lines.Image);
    }

    [Fact]
    public void For_ParallelOrOtherFrameOrNotYetShown_NoLines()
    {
        Assert.Empty(ViewportLinks.For(Stacks(Axial("2.25.1", Frame, 0, 5), Axial("2.25.2", Frame, 0, 5)), [0, 1], 0).Lines);
        Assert.Empty(ViewportLinks.For(Stacks(Axial("2.25.1", Frame, 0, 5), Coronal("2.25.3", "2.25.8", 10)), [0, 0], 0).Lines);
        Assert.Same(ViewportLinks.For(Stacks(Axial("2.25.1", Frame, 0, 5), Coronal("2.25.3", Frame, 10)), [null, 0], 0), ViewportReferenceLines.None);
        Assert.Empty(ViewportLinks.For(Stacks(Axial("2.25.1", Frame, 0, 5), Coronal("2.25.3", Frame, 10)), [0, null], 0).Lines);
    }
}
