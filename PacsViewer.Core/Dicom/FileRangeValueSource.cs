using System.Buffers;

namespace PacsViewer.Core.Dicom;

/// <summary>
/// A large value left in its file and read on demand: the file is opened for each read and closed again.
/// Big endian values are swapped to little endian as they are read (<paramref name="swapUnit"/> > 1).
/// </summary>
public sealed class FileRangeValueSource(string path, long offset, long length, int swapUnit = 1) : DicomValueSource
{
    public string Path { get; } = path;

    public long Offset { get; } = offset;

    public override long Length => length;

    public override bool IsDeferred => true;

    public override ReadOnlyMemory<byte> GetBytes()
    {
        if (length > Array.MaxLength)
        {
            throw new DicomFormatException($"value of {length} bytes is too large to load at once", Offset, null, Path);
        }
        var bytes = new byte[length];
        using var stream = Open();
        stream.ReadExactly(bytes);
        Swap(bytes);
        return bytes;
    }

    public override async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            await using var stream = Open();
            var remaining = length;
            while (remaining > 0)
            {
                // Keep chunks a multiple of the swap unit so swapping never straddles two reads.
                var chunk = (int)Math.Min(remaining, buffer.Length - (buffer.Length % 8));
                await stream.ReadExactlyAsync(buffer.AsMemory(0, chunk), cancellationToken).ConfigureAwait(false);
                Swap(buffer.AsSpan(0, chunk));
                await destination.WriteAsync(buffer.AsMemory(0, chunk), cancellationToken).ConfigureAwait(false);
                remaining -= chunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override void CopyTo(Stream destination, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            using var stream = Open();
            var remaining = length;
            while (remaining > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = (int)Math.Min(remaining, buffer.Length - (buffer.Length % 8));
                stream.ReadExactly(buffer.AsSpan(0, chunk));
                Swap(buffer.AsSpan(0, chunk));
                destination.Write(buffer, 0, chunk);
                remaining -= chunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override void CopyTo(long offset, Span<byte> destination)
    {
        CheckRange(offset, destination.Length, length);
        if (destination.IsEmpty)
        {
            return;
        }
        using var stream = Open();
        if (swapUnit <= 1)
        {
            stream.Position = Offset + offset;
            stream.ReadExactly(destination);
            return;
        }
        // Swapping works on whole values: read from the value boundary before the range to the one after it.
        var start = offset - (offset % swapUnit);
        var end = Math.Min(length, offset + destination.Length + swapUnit - 1);
        end -= (end - start) % swapUnit == 0 || end == length ? 0 : (end - start) % swapUnit;
        var count = checked((int)(end - start));
        var buffer = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            var span = buffer.AsSpan(0, count);
            stream.Position = Offset + start;
            stream.ReadExactly(span);
            Swap(span);
            span.Slice((int)(offset - start), destination.Length).CopyTo(destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private FileStream Open()
    {
        var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (stream.Length < Offset + length)
        {
            stream.Dispose();
            throw new DicomFormatException("the file has changed since it was read: deferred value is beyond its end", Offset, null, Path);
        }
        stream.Position = Offset;
        return stream;
    }

    private void Swap(Span<byte> bytes) => ByteSwap.InPlace(bytes, swapUnit);
}
