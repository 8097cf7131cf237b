using PacsViewer.Core.Imaging.Geometry;
using PacsViewer.Core.Viewing.Geometry;

namespace PacsViewer.Tests.Core.Viewing.Geometry;

public sealed class OrientationMarkersTests
{
    private static readonly double[] Axial = [1, 0, 0, 0, 1, 0];
    private static readonly double[] Sagittal = [0, 1, 0, 0, 0, -1];
    private static readonly double[] Coronal = [1, 0, 0, 0, 0, -1];

    [Fact]
    public void For_AxialUnrotated_RightOfPatientOnTheLeftAnteriorOnTop()
    {
        Assert.Equal(new EdgeMarkers("R", "L", "A", "P"), OrientationMarkers.For(Axial));
    }

    [Fact]
    public void For_SagittalAndCoronal_HeadOnTop()
    {
        Assert.Equal(new EdgeMarkers("A", "P", "H", "F"), OrientationMarkers.For(Sagittal));
        Assert.Equal(new EdgeMarkers("R", "L", "H", "F"), OrientationMarkers.For(Coronal));
    }

    [Fact]
    public void For_AxialRotated90_TopEdgeMovesToTheRight()
    {
        Assert.Equal(new EdgeMarkers("P", "A", "R", "L"), OrientationMarkers.For(Axial, Rotation.Clockwise90));
    }

    [Fact]
    public void For_AxialFlippedHorizontally_LeftAndRightSwap()
    {
        Assert.Equal(new EdgeMarkers("L", "R", "A", "P"), OrientationMarkers.For(Axial, Rotation.None, flipHorizontal: true));
    }

    [Fact]
    public void For_ObliqueRow_StrongestLetterFirstAndSmallComponentsLeftOut()
    {
        var angle = 20 * Math.PI / 180;
        double[] oblique = [Math.Cos(angle), Math.Sin(angle), 0.01, -Math.Sin(angle), Math.Cos(angle), 0];

        var markers = OrientationMarkers.For(oblique);

        Assert.Equal("LP", markers.Right);
        Assert.Equal("RA", markers.Left);
        Assert.Equal("PR", markers.Bottom);
    }

    [Theory]
    [InlineData(new double[] { 1, 0, 0 })]
    [InlineData(new double[] { 1, 0, 0, 0, 0, 0 })]
    [InlineData(null)]
    public void For_MissingOrDegenerateOrientation_Unknown(double[]? orientation)
    {
        Assert.Equal(EdgeMarkers.Unknown, OrientationMarkers.For(orientation));
    }

    /// <summary>
    /// The markers follow the pixels: with every rotation and flip, the pixel at the right edge of the stored image
    /// ends on the edge whose marker is the row direction's letters, and the bottom one where the column direction's are.
    /// </summary>
    [Theory]
    [InlineData(Rotation.None)]
    [InlineData(Rotation.Clockwise90)]
    [InlineData(Rotation.Clockwise180)]
    [InlineData(Rotation.Clockwise270)]
    public void For_AnyRotationAndFlip_AgreesWithTheRenderedPixels(Rotation rotation)
    {
        foreach (var (h, v) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            // 3x3 image: 200 in the middle of the right edge, 100 in the middle of the bottom edge.
            var source = new byte[9];
            source[1 * 3 + 2] = 200;
            source[2 * 3 + 1] = 100;
            var destination = new byte[9];
            Orientation.Transform(source, 3, 3, 1, rotation, h, v, destination);
            var markers = OrientationMarkers.For(Sagittal, rotation, h, v);

            Assert.Equal("P", EdgeOf(destination, 200, markers));
            Assert.Equal("F", EdgeOf(destination, 100, markers));
        }
    }

    private static string EdgeOf(byte[] image, byte value, EdgeMarkers markers)
    {
        var i = Array.IndexOf(image, value);
        return (i % 3, i / 3) switch
        {
            (0, 1) => markers.Left,
            (2, 1) => markers.Right,
            (1, 0) => markers.Top,
            (1, 2) => markers.Bottom,
            _ => throw new InvalidOperationException("not an edge middle"),
        };
    }
}
