using PacsViewer.Core.Imaging.Geometry;

namespace PacsViewer.Tests.Core.Imaging.Geometry;

public class ResamplerTests
{
    [Fact]
    public void Resample_RegionAtSameSize_CropsExactly()
    {
        var src = Enumerable.Range(0, 20).Select(i => (byte)i).ToArray(); // 5 x 4
        var dst = new byte[6];
        Resampler.Resample(src, 5, 4, 1, new PixelRect(1, 2, 3, 2), dst, 3, 2);
        Assert.Equal(new byte[] { 11, 12, 13, 16, 17, 18 }, dst);
    }

    [Fact]
    public void Resample_HalfSize_AveragesEachTwoByTwoBlock()
    {
        byte[] src =
        [
            0, 10, 100, 100,
            20, 30, 100, 101,
            255, 255, 1, 2,
            255, 254, 3, 4,
        ];
        var dst = new byte[4];
        Resampler.Resample(src, 4, 4, 1, new PixelRect(0, 0, 4, 4), dst, 2, 2);
        // means 15, 100.25, 254.75, 2.5 rounded half up
        Assert.Equal(new byte[] { 15, 100, 255, 3 }, dst);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Resample_HalfSizeRowsWiderThanAVector_AveragesEveryBlockIncludingTheTail(int channels)
    {
        // 70 (x3) bytes per region row: the whole-vector part and the scalar tail of the vertical pass both run,
        // and the region starts off the origin. Each output is the 2x2 block mean rounded half up.
        const int Width = 74, Height = 10;
        var src = new byte[Width * Height * channels];
        new Random(7).NextBytes(src);
        var region = new PixelRect(3, 1, 70, 8);
        var dst = new byte[35 * 4 * channels];

        Resampler.Resample(src, Width, Height, channels, region, dst, 35, 4);

        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 35; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    int At(int dx, int dy) => src[((region.Y + 2 * y + dy) * Width + region.X + 2 * x + dx) * channels + c];
                    var sum = At(0, 0) + At(1, 0) + At(0, 1) + At(1, 1);
                    Assert.Equal((sum + 2) / 4, dst[(y * 35 + x) * channels + c]);
                }
            }
        }
    }

    [Fact]
    public void Resample_RgbHalfSize_AveragesChannelsSeparately()
    {
        byte[] src = [0, 100, 200, 10, 110, 210, 20, 120, 220, 30, 130, 230]; // 2 x 2 RGB
        var dst = new byte[3];
        Resampler.Resample(src, 2, 2, 3, new PixelRect(0, 0, 2, 2), dst, 1, 1);
        Assert.Equal(new byte[] { 15, 115, 215 }, dst);
    }

    [Theory]
    [InlineData(300, 100)]
    [InlineData(300, 128)]
    public void Resample_OnePixelCheckerboardReduced_GivesNearlyUniformGrey(int size, int target)
    {
        var src = new byte[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                src[y * size + x] = (byte)(((x + y) & 1) == 0 ? 255 : 0);
            }
        }
        var dst = new byte[target * target];
        Resampler.Resample(src, size, size, 1, new PixelRect(0, 0, size, size), dst, target, target);
        // Area averaging: a 3 x 3 block holds 4 or 5 white pixels (113 or 142); a decimating resampler gives 0 or 255.
        Assert.All(dst, v => Assert.InRange(v, 105, 150));
        Assert.InRange(dst.Average(v => v), 125.0, 130.0);
    }

    [Fact]
    public void Resample_NearestEnlarge_ReplicatesPixels()
    {
        byte[] src = [1, 2, 3, 4];
        var dst = new byte[16];
        Resampler.Resample(src, 2, 2, 1, new PixelRect(0, 0, 2, 2), dst, 4, 4, MagnificationFilter.NearestNeighbor);
        Assert.Equal(new byte[] { 1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4 }, dst);
    }

    [Fact]
    public void Resample_BilinearEnlarge_InterpolatesBetweenCentres()
    {
        byte[] src = [0, 255];
        var dst = new byte[4];
        Resampler.Resample(src, 2, 1, 1, new PixelRect(0, 0, 2, 1), dst, 4, 1, MagnificationFilter.Bilinear);
        // centres at source x = -0.25 (clamped), 0.25, 0.75, 1.25 (clamped): 0, 63.75, 191.25, 255
        Assert.Equal(new byte[] { 0, 64, 191, 255 }, dst);
    }

    [Fact]
    public void Resample_RegionOutsideImage_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Resampler.Resample(new byte[4], 2, 2, 1, new PixelRect(1, 1, 2, 2), new byte[4], 2, 2));

    /// <summary>Area averaging keeps the mean of a large frame; speed is measured in PacsViewer.Benchmarks, not here.</summary>
    [Fact]
    public void Render_MammogramSizeToDisplay_PreservesTheMean()
    {
        const int side = 3000;
        var src = new byte[side * side];
        new Random(1).NextBytes(src);
        var options = new GeometryOptions { Width = 1024, Height = 1024 };

        using var image = GeometryRenderer.Render(src, side, side, 1, options);

        Assert.Equal(1024 * 1024, image.Length);
        var inputMean = src.Average(b => (double)b);
        var outputMean = image.Pixels.ToArray().Average(b => (double)b);
        Assert.InRange(outputMean, inputMean - 0.6, inputMean + 0.6);
    }

    [Fact]
    public void Render_RegionResizeRotate_AppliesAllInOrder()
    {
        // 4 x 4 source, region = right half (2 x 4), reduced to 1 x 2 (means of 2 x 2 blocks), then rotated 90:
        // output 2 x 1 = [bottom block, top block].
        byte[] src =
        [
            0, 0, 10, 10,
            0, 0, 10, 10,
            0, 0, 50, 50,
            0, 0, 50, 50,
        ];
        using var image = GeometryRenderer.Render(src, 4, 4, 1, new GeometryOptions
        {
            Region = new PixelRect(2, 0, 2, 4), Width = 2, Height = 1, Rotation = Rotation.Clockwise90,
        });
        Assert.Equal(new byte[] { 50, 10 }, image.Pixels.ToArray());
    }
}
