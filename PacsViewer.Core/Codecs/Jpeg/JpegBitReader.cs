namespace PacsViewer.Core.Codecs.Jpeg;

/// <summary>
/// Bits of one entropy-coded segment (ITU-T T.81 F.2.2.5), buffered up to 64 bits at a time: 0xFF00 is a stuffed
/// 0xFF (T.81 F.1.2.3), any other 0xFF xx is a marker that ends the segment and is never read past. Looking ahead
/// beyond the segment yields zero bits (so a Huffman lookup can peek a fixed number of bits), but consuming a bit
/// that is not in the segment is an error rather than invented data: a truncated frame.
/// </summary>
internal ref struct JpegBitReader
{
    /// <summary>The buffer is topped up while it holds at most this many bits, so it never overflows 64.</summary>
    private const int RefillThreshold = 56;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private ulong _buffer;
    private int _bitCount;

    public JpegBitReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        _position = position;
        _buffer = 0;
        _bitCount = 0;
    }

    /// <summary>
    /// Offset of the next unread byte (after <see cref="AlignToByte"/>: of the next marker). Whole bytes already
    /// buffered but not consumed are given back, counting a stuffed 0xFF00 as two bytes.
    /// </summary>
    public readonly int Position
    {
        get
        {
            var position = _position;
            for (var unread = _bitCount / 8; unread > 0; unread--)
            {
                // In entropy-coded data 0xFF only occurs stuffed as FF 00, so walking back is unambiguous.
                position -= position >= 2 && _data[position - 1] == 0x00 && _data[position - 2] == 0xFF ? 2 : 1;
            }
            return position;
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> bits (1..25), most significant first, without consuming them; bits past
    /// the end of the segment read as 0.
    /// </summary>
    public int Peek(int count)
    {
        if (_bitCount < count)
        {
            Fill();
            if (_bitCount < count)
            {
                return (int)((_buffer << (count - _bitCount)) & ((1UL << count) - 1));
            }
        }
        return (int)((_buffer >> (_bitCount - count)) & ((1UL << count) - 1));
    }

    /// <summary>Consumes <paramref name="count"/> bits that <see cref="Peek"/> returned.</summary>
    public void Skip(int count)
    {
        if (count > _bitCount)
        {
            throw Truncated();
        }
        _bitCount -= count;
    }

    /// <summary>Real (not padding) bits available after a <see cref="Peek"/>.</summary>
    public readonly int BufferedBits => _bitCount;

    public int ReadBit() => ReadBits(1);

    /// <summary>RECEIVE of T.81 Figure F.17: <paramref name="count"/> (0..16) bits, most significant first.</summary>
    public int ReadBits(int count)
    {
        if (count == 0)
        {
            return 0;
        }
        var value = Peek(count);
        Skip(count);
        return value;
    }

    /// <summary>Drops the rest of the current byte (before a marker, T.81 F.1.2.3 padding with 1-bits).</summary>
    public void AlignToByte() => _bitCount -= _bitCount % 8;

    public readonly PixelDataException Truncated() =>
        new($"the JPEG entropy-coded data ends early at offset {Position} (truncated or corrupt frame)");

    /// <summary>Loads whole bytes until more than 56 bits are buffered or a marker or the data end is reached.</summary>
    private void Fill()
    {
        var data = _data;
        var position = _position;
        while (_bitCount <= RefillThreshold && position < data.Length)
        {
            var b = data[position];
            if (b == 0xFF)
            {
                if (position + 1 >= data.Length || data[position + 1] != 0x00)
                {
                    break; // a marker: the segment ends here (T.81 B.1.1.2)
                }
                position += 2;
            }
            else
            {
                position++;
            }
            _buffer = (_buffer << 8) | b;
            _bitCount += 8;
        }
        _position = position;
    }
}
