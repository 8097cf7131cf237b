namespace PacsViewer.Core.Codecs.Jpeg;

/// <summary>
/// A Huffman decoding table from a DHT segment (ITU-T T.81 B.2.4.2), in the MAXCODE / VALPTR / MINCODE form of
/// T.81 F.2.2.3 (Figure F.16).
/// </summary>
internal sealed class JpegHuffmanTable
{
    private readonly int[] _minCode = new int[17];
    private readonly int[] _maxCode = new int[18];
    private readonly int[] _valuePointer = new int[17];
    private readonly byte[] _values;

    private JpegHuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        _values = values.ToArray();
        // T.81 C.2 (Figure C.2) and F.2.2.3 (Figure F.15): canonical codes by length.
        int code = 0, k = 0;
        for (var length = 1; length <= 16; length++)
        {
            var n = counts[length - 1];
            if (n == 0)
            {
                _maxCode[length] = -1;
            }
            else
            {
                _valuePointer[length] = k;
                _minCode[length] = code;
                code += n;
                k += n;
                _maxCode[length] = code - 1;
            }
            code <<= 1;
        }
        _maxCode[17] = int.MaxValue;
    }

    /// <summary>
    /// Reads one table (Tc/Th, 16 counts, values) from <paramref name="segment"/>; returns its class/identifier
    /// byte and the bytes consumed. Counts that claim more values than the segment holds are rejected; a table
    /// with too many codes for a length only makes some codes undecodable (reported as corrupt data).
    /// </summary>
    public static JpegHuffmanTable Read(ReadOnlySpan<byte> segment, out int classAndIdentifier, out int consumed)
    {
        if (segment.Length < 17)
        {
            throw new PixelDataException("the JPEG Huffman table segment (DHT) is shorter than its counts");
        }
        classAndIdentifier = segment[0];
        var counts = segment.Slice(1, 16);
        var total = 0;
        foreach (var count in counts)
        {
            total += count;
        }
        if (total > 256 || 17 + total > segment.Length)
        {
            throw new PixelDataException($"the JPEG Huffman table declares {total} values, more than its segment holds");
        }
        consumed = 17 + total;
        return new JpegHuffmanTable(counts, segment.Slice(17, total));
    }

    /// <summary>DECODE of T.81 Figure F.16: one value, reading code bits one at a time.</summary>
    public int Decode(ref JpegBitReader reader)
    {
        var code = reader.ReadBit();
        var length = 1;
        while (code > _maxCode[length])
        {
            code = (code << 1) | reader.ReadBit();
            if (++length > 16)
            {
                throw new PixelDataException("the JPEG entropy-coded data holds a Huffman code longer than 16 bits (corrupt data)");
            }
        }
        var index = _valuePointer[length] + code - _minCode[length];
        if ((uint)index >= (uint)_values.Length)
        {
            throw new PixelDataException("the JPEG entropy-coded data holds a Huffman code not in its table (corrupt data)");
        }
        return _values[index];
    }
}
