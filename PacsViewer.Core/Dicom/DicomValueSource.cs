namespace PacsViewer.Core.Dicom;

/// <summary>
/// Where the bytes of a value live. Values are always kept in little endian byte order. A deferred source
/// reads its bytes on demand and holds no stream open between calls (conventions: a dataset never holds a stream).
/// </summary>
public abstract class DicomValueSource
{
    public abstract long Length { get; }

    /// <summary>True when the bytes are read from the source each time they are asked for.</summary>
    public abstract bool IsDeferred { get; }

    /// <summary>The bytes; for a deferred value, read now (the caller owns the returned memory).</summary>
    public abstract ReadOnlyMemory<byte> GetBytes();

    /// <summary>Copies the value to <paramref name="destination"/> without holding more than a buffer in memory.</summary>
    public abstract Task CopyToAsync(Stream destination, CancellationToken cancellationToken);

    /// <summary>Synchronous copy for writers that already run on a worker thread.</summary>
    public abstract void CopyTo(Stream destination, CancellationToken cancellationToken);

    /// <summary>
    /// Copies the bytes from <paramref name="offset"/> to fill <paramref name="destination"/> (little endian, as
    /// <see cref="GetBytes"/> would give them) without reading the rest of the value: one frame of a large
    /// Pixel Data. Throws <see cref="ArgumentOutOfRangeException"/> when the range is not inside the value.
    /// </summary>
    public abstract void CopyTo(long offset, Span<byte> destination);

    /// <summary>Checks that [offset, offset + count) lies inside a value of <paramref name="length"/> bytes.</summary>
    protected static void CheckRange(long offset, int count, long length)
    {
        if (offset < 0 || offset > length || count > length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"range {offset} + {count} is outside a value of {length} bytes");
        }
    }

    public static DicomValueSource FromMemory(ReadOnlyMemory<byte> bytes) => new MemoryValueSource(bytes);

    public static readonly DicomValueSource Empty = new MemoryValueSource(ReadOnlyMemory<byte>.Empty);
}
