using PacsViewer.Core.Codecs;
using PacsViewer.Core.Codecs.Jpeg;

namespace PacsViewer.Tests.Core.Codecs.Jpeg;

/// <summary>The buffered entropy-coded segment reader and the Huffman lookup (ITU-T T.81 F.1.2.3, F.2.2.3, F.2.2.5).</summary>
public sealed class JpegBitReaderTests
{
    [Fact]
    public void ReadBits_StuffedFF_ReadsFFAndPositionCountsBothBytes()
    {
        byte[] data = [0xFF, 0x00, 0xAB, 0xFF, 0xD0];
        var reader = new JpegBitReader(data, 0);

        Assert.Equal(0xFF, reader.ReadBits(8));
        Assert.Equal(0xAB, reader.ReadBits(8));
        reader.AlignToByte();

        Assert.Equal(3, reader.Position);
    }

    [Fact]
    public void ReadBits_PastMarker_ThrowsTruncated()
    {
        byte[] data = [0x12, 0xFF, 0xD9, 0x34];
        var reader = new JpegBitReader(data, 0);
        Assert.Equal(0x12, reader.ReadBits(8));

        PixelDataException? error = null;
        try
        {
            reader.ReadBits(1);
        }
        catch (PixelDataException e)
        {
            error = e;
        }

        Assert.NotNull(error);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Position_BufferedBytesAfterAlign_GivesBackUnreadBytesIncludingStuffing()
    {
        byte[] data = [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9];
        var reader = new JpegBitReader(data, 0);

        Assert.Equal(0, reader.ReadBits(3)); // buffers every byte up to the marker
        reader.AlignToByte();

        Assert.Equal(1, reader.Position);
        Assert.Equal(0x34, reader.ReadBits(8));
        Assert.Equal(0xFF, reader.ReadBits(8));
        Assert.Equal(0x56, reader.ReadBits(8));
        Assert.Equal(5, reader.Position);
    }

    [Fact]
    public void Decode_CodeLongerThanLookup_FallsBackToCodeWalk()
    {
        // DHT: one 1-bit code ("0" -> 5) and one 11-bit code ("10000000000" -> 7), T.81 C.2 canonical order.
        var counts = new byte[16];
        counts[0] = 1;
        counts[10] = 1;
        byte[] segment = [0x00, .. counts, 5, 7];
        var table = JpegHuffmanTable.Read(segment, out _, out var consumed);
        byte[] data = [0b1000_0000, 0b0000_1110, 0xFF, 0xD9];
        var reader = new JpegBitReader(data, 0);

        Assert.Equal(segment.Length, consumed);
        Assert.Equal(7, table.Decode(ref reader));
        Assert.Equal(5, table.Decode(ref reader));
        Assert.Equal(0b111, reader.ReadBits(3));
    }
}
