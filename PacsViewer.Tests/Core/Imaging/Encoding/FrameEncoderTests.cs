using System.Buffers;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PacsViewer.Tests.Core.Imaging.Encoding;

public class FrameEncoderTests
{
    [Fact]
    public void Encode_PngGrey_DecodesToSameBytesAsSingleChannel()
    {
        using var image = Pattern(37, 23, 1);
        using var stream = new MemoryStream();
        FrameEncoders.For(ImageFormat.Png).Encode(image, stream);
        var png = stream.ToArray();
        Assert.Equal(0, png[25]); // IHDR colour type 0: greyscale
        Assert.Equal(8, png[24]); // bit depth 8
        using var decoded = Image.Load<L8>(png);
        var bytes = new byte[image.Length];
        decoded.CopyPixelDataTo(bytes);
        Assert.Equal(image.Pixels.ToArray(), bytes);
    }

    [Fact]
    public void Encode_PngRgb_DecodesToSameBytes()
    {
        using var image = Pattern(19, 11, 3);
        using var stream = new MemoryStream();
        new PngFrameEncoder().Encode(image, stream);
        var png = stream.ToArray();
        Assert.Equal(2, png[25]); // IHDR colour type 2: truecolour
        using var decoded = Image.Load<Rgb24>(png);
        var bytes = new byte[image.Length];
        decoded.CopyPixelDataTo(bytes);
        Assert.Equal(image.Pixels.ToArray(), bytes);
    }

    [Fact]
    public void Encode_PngToBufferWriter_SameAsStream()
    {
        using var image = Pattern(16, 16, 1);
        using var stream = new MemoryStream();
        var encoder = FrameEncoders.For(ImageFormat.Png);
        encoder.Encode(image, stream);
        var writer = new ArrayBufferWriter<byte>();
        encoder.Encode(image, writer);
        Assert.Equal(stream.ToArray(), writer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    public void Encode_Jpeg_StartOfFrameHasOneComponentPerChannel(int channels, int components)
    {
        using var image = Pattern(64, 48, channels);
        using var stream = new MemoryStream();
        FrameEncoders.For(ImageFormat.Jpeg).Encode(image, stream, 75);
        var jpeg = stream.ToArray();
        var sof = IndexOfSof(jpeg);
        Assert.True(sof > 0, "no SOF0/SOF1/SOF2 marker");
        // FF Cn, length (2), precision (1), height (2), width (2), component count (1)
        Assert.Equal(48, jpeg[sof + 5] << 8 | jpeg[sof + 6]);
        Assert.Equal(64, jpeg[sof + 7] << 8 | jpeg[sof + 8]);
        Assert.Equal(components, jpeg[sof + 9]);
    }

    [Fact]
    public async Task EncodeAsync_Jpeg_DecodesCloseToSource()
    {
        using var image = Pattern(64, 64, 1);
        using var stream = new MemoryStream();
        await new JpegFrameEncoder().EncodeAsync(image, stream, 95);
        using var decoded = Image.Load<L8>(stream.ToArray());
        var bytes = new byte[image.Length];
        decoded.CopyPixelDataTo(bytes);
        var src = image.Pixels.ToArray();
        Assert.True(src.Zip(bytes).Average(p => Math.Abs(p.First - p.Second)) < 3);
    }

    [Fact]
    public void Encode_JpegQualityOutOfRange_Throws()
    {
        using var image = Pattern(8, 8, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new JpegFrameEncoder().Encode(image, Stream.Null, 0));
    }

    private static int IndexOfSof(byte[] jpeg)
    {
        for (var i = 2; i + 9 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                return i;
            }
        }
        return -1;
    }

    private static RenderedImage Pattern(int width, int height, int channels)
    {
        var image = RenderedImage.Allocate(width, height, channels);
        var p = image.Pixels;
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = (byte)((i * 7 / channels + (i % channels) * 40) & 0xFF);
        }
        return image;
    }
}
