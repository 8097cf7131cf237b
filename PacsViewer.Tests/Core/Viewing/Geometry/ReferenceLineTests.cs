using PacsViewer.Core.Archive.Demo;
using PacsViewer.Core.Viewing.Geometry;

namespace PacsViewer.Tests.Core.Viewing.Geometry;

public sealed class ReferenceLineTests
{
    /// <summary>The demo MR's sagittal plane: rows run posterior, columns down; 256 x 256 at 0.9 mm.</summary>
    private static readonly ImagePlane SagittalMr = new(new Vector3D(57.5, -115, 115), new Vector3D(0, 1, 0), new Vector3D(0, 0, -1), 0.9, 0.9, 256, 256);

    private static ImagePlane AxialCt(double z) => new(new Vector3D(DemoStudyGenerator.CtOrigin, DemoStudyGenerator.CtOrigin, z),
        new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), DemoStudyGenerator.CtPixelSpacing, DemoStudyGenerator.CtPixelSpacing, 512, 512);

    [Fact]
    public void Compute_AxialSliceOnSagittalImage_HorizontalLineAcrossTheWholeImageAtItsHeight()
    {
        var line = ReferenceLine.Compute(AxialCt(0), SagittalMr)!.Value;

        // z = 0 is (115 - 0) / 0.9 rows below the first row's centre; + 0.5 to the pixel corner convention.
        var row = 115 / 0.9 + 0.5;
        Assert.Equal(row, line.Y1, 9);
        Assert.Equal(row, line.Y2, 9);
        Assert.Equal([0.0, 256.0], new[] { line.X1, line.X2 }.Order().Select(x => Math.Round(x, 9)));
    }

    [Fact]
    public void Compute_SmallSlice_LineLimitedToWhereTheSliceIs()
    {
        // 10 x 10 pixels of 1 mm: x from 52.5 to 62.5 mm (across the MR's plane at 57.5), y from -5 to 5 mm.
        var slice = new ImagePlane(new Vector3D(53, -4.5, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), 1, 1, 10, 10);

        var line = ReferenceLine.Compute(slice, SagittalMr)!.Value;

        var xs = new[] { line.X1, line.X2 }.Order().ToArray();
        Assert.Equal(110 / 0.9 + 0.5, xs[0], 9);
        Assert.Equal(120 / 0.9 + 0.5, xs[1], 9);
        Assert.Equal(115 / 0.9 + 0.5, line.Y1, 9);
    }

    [Fact]
    public void Compute_SmallSliceBesideThePlane_Null()
    {
        // x from -5 to 5 mm never reaches the MR's plane at x = 57.5.
        var slice = new ImagePlane(new Vector3D(-4.5, -4.5, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), 1, 1, 10, 10);

        Assert.Null(ReferenceLine.Compute(slice, SagittalMr));
    }

    [Fact]
    public void Compute_ParallelPlanes_Null()
    {
        Assert.Null(ReferenceLine.Compute(AxialCt(0), AxialCt(10)));
    }

    [Fact]
    public void Compute_SliceOutsideTheImage_Null()
    {
        Assert.Null(ReferenceLine.Compute(AxialCt(500), SagittalMr));
    }

    [Fact]
    public void Compute_SagittalOnAxial_VerticalLineAtTheSagittalPlanesX()
    {
        var line = ReferenceLine.Compute(SagittalMr, AxialCt(0))!.Value;

        var column = (57.5 - DemoStudyGenerator.CtOrigin) / DemoStudyGenerator.CtPixelSpacing + 0.5;
        Assert.Equal(column, line.X1, 9);
        Assert.Equal(column, line.X2, 9);
        // Limited to the MR's extent along y: -115.45 to 114.95 mm.
        var ys = new[] { line.Y1, line.Y2 }.Order().ToArray();
        Assert.Equal((-115.45 - DemoStudyGenerator.CtOrigin) / DemoStudyGenerator.CtPixelSpacing + 0.5, ys[0], 9);
        Assert.Equal((114.95 - DemoStudyGenerator.CtOrigin) / DemoStudyGenerator.CtPixelSpacing + 0.5, ys[1], 9);
    }
}
