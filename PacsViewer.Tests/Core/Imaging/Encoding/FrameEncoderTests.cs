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

    // An independent PNG reader (Python's zlib and struct): chunks, CRCs, IHDR, inflate, and the five row filters of
    // PNG 9.2, so the check does not rest on ImageSharp decoding what ImageSharp encoded.
    private const string PngReader = """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\x89PNG\r\n\x1a\n'
        pos, idat, ihdr = 8, b'', None
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            assert struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])[0] == zlib.crc32(kind + body)
            if kind == b'IHDR': ihdr = struct.unpack('>IIBBBBB', body)
            if kind == b'IDAT': idat += body
            pos += 12 + length
        width, height, depth, colour, _, _, interlace = ihdr
        assert depth == 8 and colour == 0 and interlace == 0, ihdr
        raw = zlib.decompress(idat)
        out, prev = bytearray(), bytearray(width)
        for y in range(height):
            f, row = raw[y * (width + 1)], bytearray(raw[y * (width + 1) + 1:(y + 1) * (width + 1)])
            for x in range(width):
                a = row[x - 1] if x else 0
                b = prev[x]
                c = prev[x - 1] if x else 0
                if f == 1: row[x] = (row[x] + a) & 255
                elif f == 2: row[x] = (row[x] + b) & 255
                elif f == 3: row[x] = (row[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    row[x] = (row[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                else: assert f == 0, f
            out += row
            prev = row
        open(sys.argv[2], 'wb').write(struct.pack('>II', width, height) + bytes(out))
        """;

    [Fact]
    public void Encode_PngGreyRenderedCt_IndependentReaderGetsSamePixels()
    {
        using var frame = new PacsViewer.Core.Imaging.FrameReader(PacsViewer.Core.Codecs.DefaultCodecs.CreateDefault())
            .ReadFrame(PacsViewer.Core.Dicom.IO.DicomFile.Open(TestFiles.Sample("ct/CT2_RLE.dcm")), 0);
        using var image = RenderedImage.Allocate(frame.Info.Columns, frame.Info.Rows, 1);
        new PacsViewer.Core.Imaging.Grayscale.GrayscaleRenderer().Render(frame,
            new PacsViewer.Core.Imaging.Grayscale.GrayscalePipeline(PacsViewer.Core.Imaging.Grayscale.ModalityLut.Identity, [], [], false),
            PacsViewer.Core.Imaging.Grayscale.GrayscaleRenderOptions.For(PacsViewer.Core.Imaging.Grayscale.VoiSource.MinMax), image.Pixels);
        var path = Path.GetTempFileName();
        try
        {
            using (var file = File.Create(path))
            {
                FrameEncoders.For(ImageFormat.Png).Encode(image, file);
            }
            var decoded = PacsViewer.Tests.Core.Imaging.PydicomRunner.Run(PngReader, path);

            Assert.Equal(image.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(decoded));
            Assert.Equal(image.Height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(decoded.AsSpan(4)));
            Assert.True(decoded.AsSpan(8).SequenceEqual(image.Pixels), "the PNG's pixels differ from the rendered frame");
        }
        finally
        {
            File.Delete(path);
        }
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
