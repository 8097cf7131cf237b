using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Geometry;
using PacsViewer.Core.Imaging.Grayscale;
using PacsViewer.Core.Imaging.Rendering;

namespace PacsViewer.Tests.Core.Imaging.Rendering;

public class RenderKeyTests
{
    [Fact]
    public void ToCanonicalString_EqualKeys_AreEqual()
    {
        var a = RenderKey.ForWindow(40, 400) with { Region = new PixelRect(1, 2, 3, 4), Width = 30, Height = 40 };
        var b = RenderKey.ForWindow(40, 400) with { Region = new PixelRect(1, 2, 3, 4), Width = 30, Height = 40 };
        Assert.Equal(a, b);
        Assert.Equal(a.ToCanonicalString(), b.ToCanonicalString());
    }

    [Fact]
    public void ToCanonicalString_EachParameterChanged_Differs()
    {
        var baseKey = RenderKey.ForWindow(40, 400);
        var variants = new[]
        {
            baseKey, baseKey with { FrameIndex = 1 }, baseKey with { WindowCenter = 40.5 }, baseKey with { WindowWidth = 401 },
            baseKey with { Function = VoiLutFunction.Sigmoid }, baseKey with { Voi = VoiSource.MinMax }, baseKey with { Invert = true },
            baseKey with { Region = new PixelRect(0, 0, 2, 2) }, baseKey with { Width = 10, Height = 10 },
            baseKey with { Rotation = Rotation.Clockwise90 }, baseKey with { FlipHorizontal = true }, baseKey with { FlipVertical = true },
            baseKey with { Overlays = true }, baseKey with { Format = ImageFormat.Jpeg },
            baseKey with { Format = ImageFormat.Jpeg, Quality = 50 }, baseKey with { Magnification = MagnificationFilter.NearestNeighbor },
        };
        Assert.Equal(variants.Length, variants.Select(v => v.ToCanonicalString()).Distinct().Count());
    }

    [Fact]
    public void ToGeometryOptions_QuarterTurnWithoutSize_SwapsRegionSize()
    {
        var options = new RenderKey { Region = new PixelRect(0, 0, 30, 20), Rotation = Rotation.Clockwise270 }.ToGeometryOptions(100, 100);
        Assert.Equal((20, 30), (options.Width, options.Height));
    }

    [Fact]
    public void ToGeometryOptions_RegionOutsideFrame_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RenderKey { Region = new PixelRect(90, 0, 20, 20) }.ToGeometryOptions(100, 100));
    }
}
