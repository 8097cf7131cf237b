using System.Buffers;

namespace PacsViewer.Core.Imaging.Geometry;

/// <summary>
/// An 8-bit image in a pooled buffer: 1 channel (grey) or 3 (RGB interleaved), rows top to bottom, no padding.
/// The holder returns the buffer with <see cref="Dispose"/>.
/// </summary>
public sealed class RenderedImage : IDisposable
{
    /// <summary>The largest image produced (the size of a 16k x 16k RGB canvas would not help a viewer).</summary>
    public const int MaxSide = 16384;

    private byte[]? _buffer;

    private RenderedImage(int width, int height, int channels, byte[] buffer)
    {
        Width = width;
        Height = height;
        Channels = channels;
        _buffer = buffer;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>1 (L8) or 3 (RGB24).</summary>
    public int Channels { get; }

    public int Length => Width * Height * Channels;

    public Span<byte> Pixels => (_buffer ?? throw new ObjectDisposedException(nameof(RenderedImage))).AsSpan(0, Length);

    /// <summary>The pixels as memory (for encoders that wrap rather than copy).</summary>
    public Memory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(RenderedImage))).AsMemory(0, Length);

    public static RenderedImage Allocate(int width, int height, int channels)
    {
        if (width is < 1 or > MaxSide || height is < 1 or > MaxSide)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"image size {width} x {height} is outside 1 to {MaxSide}");
        }
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), "channels must be 1 (grey) or 3 (RGB)");
        }
        return new RenderedImage(width, height, channels, ArrayPool<byte>.Shared.Rent(width * height * channels));
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
