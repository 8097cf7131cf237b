using System.Buffers;
using System.Buffers.Binary;

namespace PacsViewer.Core.Dicom.IO;

/// <summary>
/// Buffered forward reader over a stream that knows its position and, when the stream is seekable, how many
/// bytes remain, so that no declared length is trusted beyond the data that exists.
/// </summary>
internal sealed class DicomByteReader : IDisposable
{
    private const int ChunkSize = 1 << 20;
    private readonly Stream _stream;
    private readonly long _length;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOffset;

    /// <param name="bufferSize">Read-ahead; small by default so that a header read does not pull in pixel data.</param>
    public DicomByteReader(Stream stream, long length, int bufferSize = 16 * 1024)
    {
        _stream = stream;
        _length = length;
        _bufferOffset = stream.CanSeek ? stream.Position : 0;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>Returns the pooled buffer; afterwards only <see cref="Position"/> may be read (for error messages).</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public long Position => _bufferOffset + _start;

    /// <summary>Bytes left before the end of the data, or long.MaxValue when the length is not known.</summary>
    public long Remaining => _length < 0 ? long.MaxValue : _length - Position;

    public bool LengthKnown => _length >= 0;

    /// <summary>Makes <paramref name="count"/> bytes available in the buffer; false at end of data.</summary>
    public bool Ensure(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
        if (count > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(count, _buffer.Length * 2));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        while (_end < count)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n <= 0)
            {
                return false;
            }
            _end += n;
        }
        return true;
    }

    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_start, count);

    public int Available => _end - _start;

    public ushort ReadUInt16(bool bigEndian)
    {
        var span = Take(2);
        return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);
    }

    public uint ReadUInt32(bool bigEndian)
    {
        var span = Take(4);
        return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    public ReadOnlySpan<byte> Take(int count)
    {
        if (!Ensure(count))
        {
            throw new EndOfStreamException();
        }
        var span = _buffer.AsSpan(_start, count);
        _start += count;
        return span;
    }

    /// <summary>
    /// Reads <paramref name="count"/> bytes into a new array. When the length of the data is not known, the
    /// array grows chunk by chunk as data arrives, so a false length cannot make it allocate more than exists.
    /// </summary>
    public byte[] ReadBytes(long count)
    {
        if (count > Remaining || count > Array.MaxLength)
        {
            throw new EndOfStreamException();
        }
        if (count <= ChunkSize || LengthKnown)
        {
            var result = new byte[count];
            Fill(result);
            return result;
        }
        using var grown = new MemoryStream();
        var chunk = new byte[ChunkSize];
        var left = count;
        while (left > 0)
        {
            var n = (int)Math.Min(left, chunk.Length);
            Fill(chunk.AsSpan(0, n));
            grown.Write(chunk, 0, n);
            left -= n;
        }
        return grown.ToArray();
    }

    public void Skip(long count)
    {
        if (count > Remaining)
        {
            throw new EndOfStreamException();
        }
        var inBuffer = Math.Min(count, _end - _start);
        _start += (int)inBuffer;
        count -= inBuffer;
        if (count == 0)
        {
            return;
        }
        if (_stream.CanSeek)
        {
            _bufferOffset = _stream.Seek(count, SeekOrigin.Current);
            _start = _end = 0;
            return;
        }
        while (count > 0)
        {
            var n = (int)Math.Min(count, _buffer.Length);
            if (!Ensure(n))
            {
                throw new EndOfStreamException();
            }
            _start += n;
            count -= n;
        }
    }

    /// <summary>True when every byte from here to the end is zero (reads at most the rest of the data).</summary>
    public bool RestIsZero()
    {
        while (true)
        {
            if (_end - _start == 0 && !Ensure(1))
            {
                return true;
            }
            if (_buffer.AsSpan(_start, _end - _start).ContainsAnyExcept((byte)0))
            {
                return false;
            }
            _start = _end;
        }
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length bytes; 0 at end of data.</summary>
    public int ReadSome(Span<byte> destination)
    {
        if (destination.IsEmpty || (_end - _start == 0 && !Ensure(1)))
        {
            return 0;
        }
        var n = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        return n;
    }

    private void Fill(Span<byte> destination)
    {
        var fromBuffer = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, fromBuffer).CopyTo(destination);
        _start += fromBuffer;
        var rest = destination[fromBuffer..];
        if (rest.IsEmpty)
        {
            return;
        }
        // Large values are read straight from the stream; the buffer is empty now.
        _bufferOffset += _end;
        _start = _end = 0;
        _stream.ReadExactly(rest);
        _bufferOffset += rest.Length;
    }
}
