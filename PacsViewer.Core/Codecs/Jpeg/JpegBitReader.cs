namespace PacsViewer.Core.Codecs.Jpeg;

/// <summary>
/// Bits of one entropy-coded segment (ITU-T T.81 F.2.2.5): 0xFF00 is a stuffed 0xFF, any other 0xFF xx is a marker
/// that ends the segment. Reading past the end yields an error rather than invented bits: a truncated frame.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _buffer;
    private int _bitCount;

    public JpegBitReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        _position = position;
        _buffer = 0;
        _bitCount = 0;
    }

    /// <summary>Offset of the next unread byte (after <see cref="AlignToByte"/>: of the next marker).</summary>
    public readonly int Position => _position;

    public int ReadBit()
    {
        if (_bitCount == 0)
        {
            if (_position >= _data.Length || (_data[_position] == 0xFF && (_position + 1 >= _data.Length || _data[_position + 1] != 0x00)))
            {
                throw new PixelDataException($"the JPEG entropy-coded data ends early at offset {_position} (truncated or corrupt frame)");
            }
            _buffer = _data[_position];
            _position += _buffer == 0xFF ? 2 : 1;
            _bitCount = 8;
        }
        _bitCount--;
        return (_buffer >> _bitCount) & 1;
    }

    /// <summary>RECEIVE of T.81 Figure F.17: <paramref name="count"/> bits, most significant first.</summary>
    public int ReadBits(int count)
    {
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            value = (value << 1) | ReadBit();
        }
        return value;
    }

    /// <summary>Drops the rest of the current byte (before a marker, T.81 F.1.2.3 padding with 1-bits).</summary>
    public void AlignToByte() => _bitCount = 0;
}
