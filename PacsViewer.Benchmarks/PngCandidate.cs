using System.Buffers.Binary;
using System.IO.Compression;

namespace PacsViewer.Benchmarks;

/// <summary>
/// A candidate 8-bit grayscale PNG writer measured beside the ImageSharp one in <see cref="RenderBenchmarks"/> (not
/// used by Core): IHDR, one IDAT from System.IO.Compression.ZLibStream at CompressionLevel.Fastest (the runtime's
/// native zlib) with filter type 0 on every row, IEND (PNG specification, ISO/IEC 15948, sections 5 and 11).
/// </summary>
internal static class PngCandidate
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static void EncodeGray8(ReadOnlySpan<byte> pixels, int width, int height, MemoryStream output)
    {
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // colour type grayscale; compression, filter, interlace 0
        WriteChunk(output, "IHDR"u8, ihdr);

        var lengthAt = output.Position;
        output.Write([0, 0, 0, 0, (byte)'I', (byte)'D', (byte)'A', (byte)'T']);
        var dataAt = output.Position;
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            ReadOnlySpan<byte> filter = [0];
            for (var y = 0; y < height; y++)
            {
                zlib.Write(filter);
                zlib.Write(pixels.Slice(y * width, width));
            }
        }
        var dataEnd = output.Position;
        var buffer = output.GetBuffer();
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan((int)lengthAt), (int)(dataEnd - dataAt));
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc(buffer.AsSpan((int)lengthAt + 4, (int)(dataEnd - lengthAt - 4))));
        output.Write(crc);
        WriteChunk(output, "IEND"u8, []);
    }

    private static void WriteChunk(MemoryStream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var start = (int)output.Position;
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc(output.GetBuffer().AsSpan(start, type.Length + data.Length)));
        output.Write(word);
    }

    // CRC-32 of ISO/IEC 15948 annex D (polynomial 0xEDB88320, reflected).
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }
        return c ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
