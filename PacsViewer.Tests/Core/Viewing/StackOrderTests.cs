using PacsViewer.Core.Viewing;

namespace PacsViewer.Tests.Core.Viewing;

public sealed class StackOrderTests
{
    private static InstanceModel Instance(string uid, int? number, double[]? position, double[]? orientation) =>
        new(uid, "1.2.840.10008.5.1.4.1.1.4", number, 1, 64, 64, [1, 1], PixelSpacingKind.PixelSpacing, null, null,
            position, orientation, [], null, "MONOCHROME2", false, null);

    [Fact]
    public void Order_SharedObliqueOrientation_ByDistanceAlongTheNormalNotInstanceNumber()
    {
        // Rows along (1,0,0), columns along (0, cos 30, -sin 30): the normal is (0, sin 30, cos 30).
        double c = Math.Cos(Math.PI / 6), s = Math.Sin(Math.PI / 6);
        double[] orientation = [1, 0, 0, 0, c, -s];
        var instances = new[]
        {
            Instance("a", 1, [0, 2 * s, 2 * c], orientation),
            Instance("b", 2, [5, 0, 0], orientation), // shifted within the plane: distance 0
            Instance("c", 3, [0, -s, -c], orientation),
            Instance("d", 4, [0, s, c], orientation),
        };

        var ordered = StackOrder.Order(instances);

        Assert.Equal(["c", "b", "d", "a"], ordered.Select(i => i.SopInstanceUid));
    }

    [Fact]
    public void Order_DifferentOrientations_ByInstanceNumber()
    {
        var instances = new[]
        {
            Instance("a", 3, [0, 0, 1], [1, 0, 0, 0, 1, 0]),
            Instance("b", 1, [0, 0, 3], [1, 0, 0, 0, 0, -1]),
            Instance("c", 2, [0, 0, 2], [1, 0, 0, 0, 1, 0]),
        };

        Assert.Equal(["b", "c", "a"], StackOrder.Order(instances).Select(i => i.SopInstanceUid));
    }

    [Fact]
    public void Order_OnePositionMissing_ByInstanceNumberThenUid()
    {
        double[] axial = [1, 0, 0, 0, 1, 0];
        var instances = new[]
        {
            Instance("z", 2, [0, 0, 1], axial),
            Instance("y", null, [0, 0, 0], axial),
            Instance("x", 2, null, axial),
            Instance("w", 1, [0, 0, 5], axial),
        };

        Assert.Equal(["w", "x", "z", "y"], StackOrder.Order(instances).Select(i => i.SopInstanceUid));
    }

    [Fact]
    public void Order_EqualDistances_KeepInstanceNumberOrder()
    {
        double[] axial = [1, 0, 0, 0, 1, 0];
        var instances = new[] { Instance("b", 2, [0, 0, 0], axial), Instance("a", 1, [0, 0, 0], axial), Instance("c", 3, [0, 0, -1], axial) };

        Assert.Equal(["c", "a", "b"], StackOrder.Order(instances).Select(i => i.SopInstanceUid));
    }
}
