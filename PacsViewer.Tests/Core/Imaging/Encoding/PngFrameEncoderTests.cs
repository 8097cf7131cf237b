using System.Buffers.Binary;
using System.IO.Compression;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PacsViewer.Tests.Core.Imaging.Encoding;

/// <summary>
/// Our PNG writer checked by two decoders that are not ours (ImageSharp's PNG decoder in-process, Pillow under
/// /usr/bin/python3), every pixel against the rendered bytes, and by reading the container itself: chunk order,
/// IHDR fields and each chunk's CRC-32 recomputed bit by bit here (not with the encoder's System.IO.Hashing).
/// </summary>
public class PngFrameEncoderTests
{
    // Pillow opens the file and writes back: width, height (big-endian 32-bit), the mode's length and name, the pixels.
    private const string PillowReader = """
        import struct, sys
        from PIL import Image
        im = Image.open(sys.argv[1])
        im.load()
        mode = im.mode.encode()
        open(sys.argv[2], 'wb').write(struct.pack('>IIB', im.width, im.height, len(mode)) + mode + im.tobytes())
        """;

    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 },
        { 3, 7, 1 },
        { 513, 1, 1 },
        { 1, 513, 1 },
        { 37, 23, 1 },
        { 1, 1, 3 },
        { 3, 7, 3 },
        { 513, 1, 3 },
        { 37, 23, 3 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Encode_OddSizes_ImageSharpDecodesSamePixels(int width, int height, int channels)
    {
        using var image = Noisy(width, height, channels, seed: width * 31 + height);
        var png = EncodeToArray(image);
        Assert.Equal(image.Pixels.ToArray(), DecodeWithImageSharp(png, channels, width, height));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Encode_OddSizes_PillowDecodesSamePixels(int width, int height, int channels)
    {
        using var image = Noisy(width, height, channels, seed: width * 17 + height);
        var (w, h, mode, pixels) = DecodeWithPillow(EncodeToArray(image));
        Assert.Equal((width, height), (w, h));
        Assert.Equal(channels == 1 ? "L" : "RGB", mode);
        Assert.True(pixels.AsSpan().SequenceEqual(image.Pixels), "Pillow's pixels differ from the rendered image");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Encode_LargeFrame_BothDecodersGetSamePixelsOverManyIdatChunks(int channels)
    {
        // Mostly noise, so the zlib stream is about as large as the image and spans many IDAT chunks.
        using var image = Noisy(2048, 1536, channels, seed: 7);
        var png = EncodeToArray(image);

        var chunks = ReadChunks(png);
        Assert.True(chunks.Count(c => c.Type == "IDAT") > 10, $"{chunks.Count(c => c.Type == "IDAT")} IDAT chunks");
        Assert.All(chunks.Where(c => c.Type == "IDAT"), c => Assert.InRange(c.Data.Length, 1, PngChunkStream.MaxIdatData));
        Assert.Equal(image.Pixels.ToArray(), DecodeWithImageSharp(png, channels, image.Width, image.Height));
        var (w, h, _, pixels) = DecodeWithPillow(png);
        Assert.Equal((image.Width, image.Height), (w, h));
        Assert.True(pixels.AsSpan().SequenceEqual(image.Pixels), "Pillow's pixels differ from the rendered image");
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 2)]
    public void Encode_Container_SignatureIhdrIdatIendWithValidCrcs(int channels, byte colourType)
    {
        using var image = Noisy(300, 200, channels, seed: 3);
        var png = EncodeToArray(image);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = ReadChunks(png); // asserts every CRC
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.Empty(chunks[^1].Data);
        Assert.All(chunks.Skip(1).SkipLast(1), c => Assert.Equal("IDAT", c.Type));
        var ihdr = chunks[0].Data;
        Assert.Equal(13, ihdr.Length);
        Assert.Equal(300, BinaryPrimitives.ReadInt32BigEndian(ihdr));
        Assert.Equal(200, BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4)));
        Assert.Equal(new byte[] { 8, colourType, 0, 0, 0 }, ihdr[8..]); // depth, colour type, compression, filter, interlace
    }

    [Fact]
    public void Encode_Rows_FirstUnfilteredThenUp()
    {
        using var image = Noisy(5, 4, 1, seed: 11);
        var chunks = ReadChunks(EncodeToArray(image));
        using var zlib = new ZLibStream(new MemoryStream(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray()), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var scanlines = raw.ToArray();
        Assert.Equal(4 * 6, scanlines.Length);
        var pixels = image.Pixels.ToArray();
        Assert.Equal(0, scanlines[0]);
        Assert.Equal(pixels[..5], scanlines[1..6]);
        for (var y = 1; y < 4; y++)
        {
            Assert.Equal(2, scanlines[y * 6]);
            for (var x = 0; x < 5; x++)
            {
                Assert.Equal((byte)(pixels[(y * 5) + x] - pixels[((y - 1) * 5) + x]), scanlines[(y * 6) + 1 + x]);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task EncodeAsync_SameBytesAsEncode(int channels)
    {
        using var image = Noisy(700, 500, channels, seed: 5);
        var encoder = new PngFrameEncoder();
        using var asynchronous = new MemoryStream();
        await encoder.EncodeAsync(image, asynchronous);
        Assert.Equal(EncodeToArray(image), asynchronous.ToArray());
    }

    [Fact]
    public async Task EncodeAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var image = Noisy(700, 500, 1, seed: 5);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PngFrameEncoder().EncodeAsync(image, new MemoryStream(), 90, cancelled.Token));
    }

    private static byte[] EncodeToArray(RenderedImage image)
    {
        using var stream = new MemoryStream();
        FrameEncoders.For(ImageFormat.Png).Encode(image, stream);
        return stream.ToArray();
    }

    private static byte[] DecodeWithImageSharp(byte[] png, int channels, int width, int height)
    {
        using var decoded = channels == 1 ? (Image)Image.Load<L8>(png) : Image.Load<Rgb24>(png);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        var bytes = new byte[width * height * channels];
        if (decoded is Image<L8> grey)
        {
            grey.CopyPixelDataTo(bytes);
        }
        else
        {
            ((Image<Rgb24>)decoded).CopyPixelDataTo(bytes);
        }
        return bytes;
    }

    private static (int Width, int Height, string Mode, byte[] Pixels) DecodeWithPillow(byte[] png)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, png);
            var output = PydicomRunner.Run(PillowReader, path);
            var modeLength = output[8];
            return (BinaryPrimitives.ReadInt32BigEndian(output), BinaryPrimitives.ReadInt32BigEndian(output.AsSpan(4)),
                System.Text.Encoding.ASCII.GetString(output, 9, modeLength), output[(9 + modeLength)..]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed record Chunk(string Type, byte[] Data);

    // PNG 5.3 chunk layout; asserts each CRC and that the chunks end exactly at the end of the file.
    private static List<Chunk> ReadChunks(byte[] png)
    {
        var chunks = new List<Chunk>();
        var pos = 8;
        while (pos < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.True(crc == BitwiseCrc32(png.AsSpan(pos + 4, 4 + length)), $"bad CRC on {type} at offset {pos}");
            chunks.Add(new Chunk(type, png[(pos + 8)..(pos + 8 + length)]));
            pos += 12 + length;
        }
        Assert.Equal(png.Length, pos);
        return chunks;
    }

    // CRC-32 as PNG annex D defines it, one bit at a time (reflected polynomial 0xEDB88320).
    private static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c ^= b;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
        }
        return ~c;
    }

    // Noise over a gradient with flat runs, so that every filter difference, including wrap-around, occurs.
    private static RenderedImage Noisy(int width, int height, int channels, int seed)
    {
        var image = RenderedImage.Allocate(width, height, channels);
        var random = new Random(seed);
        var p = image.Pixels;
        for (var i = 0; i < p.Length; i++)
        {
            var x = i / channels % width;
            p[i] = x % 64 < 8 ? (byte)0 : (byte)((x * 3) + random.Next(256));
        }
        return image;
    }
}
