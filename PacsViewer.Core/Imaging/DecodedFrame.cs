using System.Buffers;
using PacsViewer.Core.Codecs;

namespace PacsViewer.Core.Imaging;

/// <summary>
/// One decoded frame in a pooled buffer that the holder returns with <see cref="Dispose"/>. Layout: samples
/// interleaved (Planar Configuration 0), little endian, <see cref="FrameInfo.BytesPerSample"/>-byte containers
/// exactly as stored (not yet masked to Bits Stored); 1-bit data is unpacked to one byte (0 or 1) per sample.
/// <see cref="Info"/> describes this layout, with the photometric interpretation the decoder left.
/// </summary>
public sealed class DecodedFrame : IDisposable
{
    private byte[]? _buffer;

    private DecodedFrame(FrameInfo info, byte[] buffer, int length, int frameIndex)
    {
        Info = info;
        _buffer = buffer;
        Length = length;
        FrameIndex = frameIndex;
    }

    public FrameInfo Info { get; }

    /// <summary>Index of this frame in its object (0-based).</summary>
    public int FrameIndex { get; }

    /// <summary>Bytes of pixel data: Rows x Columns x Samples per Pixel x Bytes per Sample.</summary>
    public int Length { get; }

    public Span<byte> Pixels => (_buffer ?? throw new ObjectDisposedException(nameof(DecodedFrame))).AsSpan(0, Length);

    /// <summary>A frame with a pooled buffer sized for <paramref name="info"/>; the caller fills <see cref="Pixels"/>.</summary>
    public static DecodedFrame Allocate(FrameInfo info, int frameIndex = 0)
    {
        var length = checked((int)(info.PixelCount * info.SamplesPerPixel * info.BytesPerSample));
        return new DecodedFrame(info, ArrayPool<byte>.Shared.Rent(length), length, frameIndex);
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
