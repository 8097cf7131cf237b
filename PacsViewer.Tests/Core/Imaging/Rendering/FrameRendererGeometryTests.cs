using PacsViewer.Core.Imaging.Geometry;
using PacsViewer.Core.Imaging.Rendering;

namespace PacsViewer.Tests.Core.Imaging.Rendering;

/// <summary>Geometry through the whole render path, checked against the full native render transformed in the test.</summary>
public class FrameRendererGeometryTests
{
    private const string Ct = "ct/CT-MONO2-16-ankle.dcm";

    [Fact]
    public async Task Render_HalfSize_EqualsTwoByTwoAverageOfFullRender()
    {
        var path = TestFiles.Sample(Ct);
        var (full, w, h) = await RenderTestSupport.RenderPngAsync(path, new RenderKey());
        var (half, hw, hh) = await RenderTestSupport.RenderPngAsync(path, new RenderKey { Width = w / 2, Height = h / 2 });
        Assert.Equal((w / 2, h / 2), (hw, hh));
        var expected = new byte[hw * hh];
        for (var y = 0; y < hh; y++)
        {
            for (var x = 0; x < hw; x++)
            {
                var sum = full[2 * y * w + 2 * x] + full[2 * y * w + 2 * x + 1] + full[(2 * y + 1) * w + 2 * x] + full[(2 * y + 1) * w + 2 * x + 1];
                expected[y * hw + x] = (byte)((sum + 2) / 4);
            }
        }
        // Area averaging of the 8-bit render: an exact 2:1 box; 1 level for rounding of the average.
        Assert.True(RenderTestSupport.Difference(expected, half).Max <= 1);
    }

    [Fact]
    public async Task Render_Rotate90FlipHorizontal_IsExactPermutationOfFullRender()
    {
        var path = TestFiles.Sample(Ct);
        var (full, w, h) = await RenderTestSupport.RenderPngAsync(path, new RenderKey());
        var (turned, tw, th) = await RenderTestSupport.RenderPngAsync(path,
            new RenderKey { Rotation = Rotation.Clockwise90, FlipHorizontal = true });
        Assert.Equal((h, w), (tw, th));
        // PS3.3 C.10.6.1.1: flip, then rotate. Flipped F(x, y) = full(w - 1 - x, y); a clockwise quarter turn puts
        // F(x, y) at (h - 1 - y, x).
        var expected = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                expected[x * tw + (h - 1 - y)] = full[y * w + (w - 1 - x)];
            }
        }
        Assert.Equal(expected, turned);
    }

    [Fact]
    public async Task Render_Region_EqualsCropOfFullRender()
    {
        var path = TestFiles.Sample(Ct);
        var (full, w, _) = await RenderTestSupport.RenderPngAsync(path, new RenderKey());
        var (crop, cw, ch) = await RenderTestSupport.RenderPngAsync(path, new RenderKey { Region = new PixelRect(30, 40, 100, 60) });
        Assert.Equal((100, 60), (cw, ch));
        var expected = new byte[cw * ch];
        for (var y = 0; y < ch; y++)
        {
            full.AsSpan((40 + y) * w + 30, cw).CopyTo(expected.AsSpan(y * cw));
        }
        Assert.Equal(expected, crop);
    }
}
