using PacsViewer.Core.Imaging.Geometry;

namespace PacsViewer.Tests.Core.Imaging.Geometry;

public class OrientationTests
{
    // 3 x 2 source:
    //   0 1 2
    //   3 4 5
    private static readonly byte[] Source = [0, 1, 2, 3, 4, 5];

    [Theory]
    [InlineData(Rotation.None, false, false, new byte[] { 0, 1, 2, 3, 4, 5 })]
    [InlineData(Rotation.Clockwise90, false, false, new byte[] { 3, 0, 4, 1, 5, 2 })]
    [InlineData(Rotation.Clockwise180, false, false, new byte[] { 5, 4, 3, 2, 1, 0 })]
    [InlineData(Rotation.Clockwise270, false, false, new byte[] { 2, 5, 1, 4, 0, 3 })]
    [InlineData(Rotation.None, true, false, new byte[] { 2, 1, 0, 5, 4, 3 })]
    [InlineData(Rotation.None, false, true, new byte[] { 3, 4, 5, 0, 1, 2 })]
    [InlineData(Rotation.Clockwise90, true, false, new byte[] { 5, 2, 4, 1, 3, 0 })] // flip first, then rotate
    [InlineData(Rotation.None, true, true, new byte[] { 5, 4, 3, 2, 1, 0 })]
    public void Transform_Grey_PermutesPixels(Rotation rotation, bool flipH, bool flipV, byte[] expected)
    {
        var dst = new byte[6];
        Orientation.Transform(Source, 3, 2, 1, rotation, flipH, flipV, dst);
        Assert.Equal(expected, dst);
    }

    [Fact]
    public void Transform_RgbRotate90_MovesWholeTriplets()
    {
        var rgb = Source.SelectMany(v => new[] { v, (byte)(v + 10), (byte)(v + 20) }).ToArray();
        var dst = new byte[18];
        Orientation.Transform(rgb, 3, 2, 3, Rotation.Clockwise90, false, false, dst);
        byte[] order = [3, 0, 4, 1, 5, 2];
        Assert.Equal(order.SelectMany(v => new[] { v, (byte)(v + 10), (byte)(v + 20) }).ToArray(), dst);
    }

    [Fact]
    public void RotatedSize_QuarterTurn_SwapsSides() =>
        Assert.Equal((2, 3), Orientation.RotatedSize(3, 2, Rotation.Clockwise270));
}
