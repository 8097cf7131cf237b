using PacsViewer.Core.Imaging.Grayscale;

namespace PacsViewer.Tests.Core.Imaging.Grayscale;

/// <summary>Window functions at chosen points, hand-computed from PS3.3 C.11.2.1.2.1, C.11.2.1.3.1 and C.11.2.1.3.2.</summary>
public class WindowLevelTests
{
    // LINEAR, c = 40, w = 400, output 0..255: lower edge c - 0.5 - (w-1)/2 = -160, upper edge c - 0.5 + (w-1)/2 = 239.
    [Theory]
    [InlineData(-1000, 0)]
    [InlineData(-160, 0)] // x <= lower edge -> ymin
    [InlineData(-159, 0.63909774436)] // ((-159 - 39.5) / 399 + 0.5) * 255
    [InlineData(39.5, 127.5)] // the centre of the ramp is c - 0.5
    [InlineData(239, 255)] // ((239 - 39.5) / 399 + 0.5) * 255 = 255
    [InlineData(239.5, 255)] // x > upper edge -> ymax
    public void Apply_LinearWindow_FollowsC112121(double x, double expected)
    {
        Assert.Equal(expected, new WindowLevel(40, 400).Apply(x, 0, 255), 8);
    }

    [Theory]
    [InlineData(99.5, 0)]
    [InlineData(100, 255)] // width 1: a threshold at c - 0.5
    [InlineData(99, 0)]
    public void Apply_LinearWidthOne_IsThresholdAtCenterMinusHalf(double x, double expected)
    {
        Assert.Equal(expected, new WindowLevel(100, 1).Apply(x, 0, 255));
    }

    // LINEAR_EXACT, c = 40, w = 400: edges at -160 and 240, ramp ((x - c) / w + 0.5).
    [Theory]
    [InlineData(-160, 0)]
    [InlineData(-159, 0.6375)]
    [InlineData(40, 127.5)]
    [InlineData(240, 255)]
    [InlineData(240.001, 255)]
    public void Apply_LinearExact_FollowsC1121132(double x, double expected)
    {
        Assert.Equal(expected, new WindowLevel(40, 400, VoiLutFunction.LinearExact).Apply(x, 0, 255), 8);
    }

    [Fact]
    public void Apply_LinearExactFractionalWidth_IsAccepted()
    {
        var w = new WindowLevel(0.5, 0.25, VoiLutFunction.LinearExact);

        Assert.True(w.IsValid);
        Assert.Equal(127.5, w.Apply(0.5, 0, 255), 8);
        Assert.False(new WindowLevel(0.5, 0.25).IsValid); // LINEAR needs w >= 1
    }

    // SIGMOID: y = 255 / (1 + exp(-4 (x - c) / w)).
    [Theory]
    [InlineData(40, 127.5)]
    [InlineData(140, 186.419938)] // 4 (x - c) / w = 1: 255 / (1 + e^-1)
    [InlineData(-60, 68.580062)] // 255 / (1 + e^1)
    [InlineData(440, 250.413516)] // 4 (x - c) / w = 4: 255 / (1 + e^-4)
    public void Apply_Sigmoid_FollowsC1121131(double x, double expected)
    {
        Assert.Equal(expected, new WindowLevel(40, 400, VoiLutFunction.Sigmoid).Apply(x, 0, 255), 3);
    }

    [Theory]
    [InlineData("LINEAR_EXACT", VoiLutFunction.LinearExact)]
    [InlineData("SIGMOID ", VoiLutFunction.Sigmoid)]
    [InlineData("LINEAR", VoiLutFunction.Linear)]
    [InlineData(null, VoiLutFunction.Linear)]
    [InlineData("UNKNOWN", VoiLutFunction.Linear)]
    public void ParseFunction_DefinedTerm_MapsToFunction(string? text, VoiLutFunction expected)
    {
        Assert.Equal(expected, WindowLevel.ParseFunction(text));
    }
}
