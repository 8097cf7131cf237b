using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace PacsViewer.Core.Imaging.Encoding;

/// <summary>
/// The container side of <see cref="PngFrameEncoder"/>: takes the zlib stream as it is produced and writes it to the
/// destination as IDAT chunks of at most <see cref="MaxIdatData"/> bytes, each sealed with its length and CRC-32, with
/// the signature and IHDR in front of the first and IEND after the last. One pooled buffer holds the chunk being
/// filled, so the image is never held whole a second time; a small image leaves in a single write.
/// </summary>
internal sealed class PngChunkStream : Stream
{
    /// <summary>Data bytes per IDAT chunk (PNG 11.2.4 allows any split; the buffer then fits a 64 KiB pool bucket).</summary>
    public const int MaxIdatData = (64 * 1024) - 64;

    // PNG 5.2: the eight-byte signature.
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private const int ChunkOverhead = 12; // length, type, CRC (PNG 5.3)
    private const int HeaderBytes = 8 + ChunkOverhead + 13; // signature + IHDR

    private readonly Stream _destination;
    private byte[]? _buffer;
    private int _data;  // IDAT data bytes collected so far
    private long _written;

    /// <summary>Starts a PNG of <paramref name="width"/> x <paramref name="height"/> 8-bit samples of <paramref name="colourType"/>.</summary>
    public PngChunkStream(Stream destination, int width, int height, byte colourType)
    {
        _destination = destination;
        _buffer = ArrayPool<byte>.Shared.Rent(HeaderBytes + ChunkOverhead + MaxIdatData);
        var header = _buffer.AsSpan(0, HeaderBytes);
        Signature.CopyTo(header);
        // PNG 11.2.2 IHDR: width, height, bit depth, colour type, compression 0 (zlib), filter method 0, interlace 0.
        var ihdr = header.Slice(8 + 8, 13);
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8;
        ihdr[9] = colourType;
        ihdr[10] = 0;
        ihdr[11] = 0;
        ihdr[12] = 0;
        Seal(header[8..], "IHDR"u8, 13);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Where the IDAT chunk being filled begins in the buffer (after the signature and IHDR until they leave).</summary>
    private int ChunkAt => _written == 0 ? HeaderBytes : 0;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Collect(buffer);
            buffer = buffer[taken..];
            if (_data == MaxIdatData)
            {
                var pending = SealIdat();
                _destination.Write(pending.Span);
                Sent(pending.Length);
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Collect(buffer.Span);
            buffer = buffer[taken..];
            if (_data == MaxIdatData)
            {
                var pending = SealIdat();
                await _destination.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
                Sent(pending.Length);
            }
        }
    }

    /// <summary>After the zlib stream is complete: the last IDAT (if it holds data) and IEND (PNG 11.2.5).</summary>
    public void Finish()
    {
        var pending = SealEnd();
        _destination.Write(pending.Span);
        Sent(pending.Length);
    }

    /// <inheritdoc cref="Finish"/>
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        var pending = SealEnd();
        await _destination.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        Sent(pending.Length);
    }

    public override void Flush()
    {
        // Chunks leave when full or at Finish: a partial IDAT cannot be sealed early without splitting it.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        base.Dispose(disposing);
    }

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PngChunkStream));

    // Copies as much as fits into the IDAT chunk being filled; returns the bytes taken.
    private int Collect(ReadOnlySpan<byte> source)
    {
        var take = Math.Min(source.Length, MaxIdatData - _data);
        source[..take].CopyTo(Buffer.AsSpan(ChunkAt + 8 + _data));
        _data += take;
        return take;
    }

    // Seals the IDAT being filled; returns everything pending (the signature and IHDR too, the first time).
    private ReadOnlyMemory<byte> SealIdat()
    {
        var at = ChunkAt;
        var length = Seal(Buffer.AsSpan(at), "IDAT"u8, _data);
        return Buffer.AsMemory(0, at + length);
    }

    private ReadOnlyMemory<byte> SealEnd()
    {
        var at = ChunkAt;
        var end = _data > 0 ? at + Seal(Buffer.AsSpan(at), "IDAT"u8, _data) : at;
        end += Seal(Buffer.AsSpan(end), "IEND"u8, 0);
        return Buffer.AsMemory(0, end);
    }

    private void Sent(int bytes)
    {
        _written += bytes;
        _data = 0;
    }

    // PNG 5.3: length (data only, big-endian), type, data (already in place), CRC-32 of type and data (5.5, ISO 3309).
    private static int Seal(Span<byte> chunk, ReadOnlySpan<byte> type, int dataLength)
    {
        BinaryPrimitives.WriteInt32BigEndian(chunk, dataLength);
        type.CopyTo(chunk[4..]);
        var crc = Crc32.HashToUInt32(chunk.Slice(4, 4 + dataLength));
        BinaryPrimitives.WriteUInt32BigEndian(chunk[(8 + dataLength)..], crc);
        return ChunkOverhead + dataLength;
    }
}
