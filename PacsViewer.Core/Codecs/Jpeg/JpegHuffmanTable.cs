namespace PacsViewer.Core.Codecs.Jpeg;

/// <summary>
/// A Huffman decoding table from a DHT segment (ITU-T T.81 B.2.4.2), in the MAXCODE / VALPTR / MINCODE form of
/// T.81 F.2.2.3 (Figure F.16), plus a lookup table on the first <see cref="LookupBits"/> bits of a code so most
/// values decode with one peek; longer codes fall back to the MAXCODE walk.
/// </summary>
internal sealed class JpegHuffmanTable
{
    /// <summary>Bits resolved by the lookup table.</summary>
    /// <summary>Codes up to this many bits are decoded by one table lookup.</summary>
    internal const int LookupBits = 9;

    /// <summary>Per <see cref="LookupBits"/>-bit prefix: (code length &lt;&lt; 8) | value, or 0 when the code is longer.</summary>
    private readonly ushort[] _lookup = new ushort[1 << LookupBits];
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
        BuildLookup();
    }

    /// <summary>
    /// Fills <see cref="_lookup"/> by running the Figure F.16 walk on every prefix, so the fast path gives exactly
    /// what the walk gives; prefixes the walk does not resolve within <see cref="LookupBits"/> bits, or resolves to
    /// a code outside the value list, are left to the walk (which reports them).
    /// </summary>
    private void BuildLookup()
    {
        for (var prefix = 0; prefix < _lookup.Length; prefix++)
        {
            for (var length = 1; length <= LookupBits; length++)
            {
                var code = prefix >> (LookupBits - length);
                if (code <= _maxCode[length])
                {
                    var index = _valuePointer[length] + code - _minCode[length];
                    if ((uint)index < (uint)_values.Length)
                    {
                        _lookup[prefix] = (ushort)((length << 8) | _values[index]);
                    }
                    break;
                }
            }
        }
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

    /// <summary>DECODE of T.81 Figure F.16: one value, by table lookup on the next bits, else code bit by code bit.</summary>
    /// <summary>
    /// The lookup entry for the next <see cref="LookupBits"/> bits: (code length &lt;&lt; 8) | value, or 0 when the code
    /// is longer (then use <see cref="Decode"/>).
    /// </summary>
    internal int Entry(int prefix) => _lookup[prefix];

    public int Decode(ref JpegBitReader reader)
    {
        var entry = _lookup[reader.Peek(LookupBits)];
        if (entry != 0)
        {
            reader.Skip(entry >> 8);
            return entry & 0xFF;
        }
        return DecodeLong(ref reader);
    }

    private int DecodeLong(ref JpegBitReader reader)
    {
        var bits = reader.Peek(16);
        var available = reader.BufferedBits;
        for (var length = 1; length <= 16; length++)
        {
            var code = bits >> (16 - length);
            if (code <= _maxCode[length])
            {
                reader.Skip(length); // throws when the code runs past the end of the segment
                var index = _valuePointer[length] + code - _minCode[length];
                if ((uint)index >= (uint)_values.Length)
                {
                    throw new PixelDataException("the JPEG entropy-coded data holds a Huffman code not in its table (corrupt data)");
                }
                return _values[index];
            }
        }
        if (available < 16)
        {
            throw reader.Truncated();
        }
        throw new PixelDataException("the JPEG entropy-coded data holds a Huffman code longer than 16 bits (corrupt data)");
    }
}
