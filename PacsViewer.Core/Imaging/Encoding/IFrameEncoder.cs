using System.Buffers;
using PacsViewer.Core.Imaging.Geometry;

namespace PacsViewer.Core.Imaging.Encoding;

/// <summary>Encodes a rendered 8-bit image (grey stays one channel, RGB24 stays RGB) without metadata.</summary>
public interface IFrameEncoder
{
    ImageFormat Format { get; }

    /// <summary>The HTTP media type of the output, e.g. image/png.</summary>
    string MediaType { get; }

    /// <summary>Writes the encoded image to <paramref name="destination"/>. <paramref name="quality"/> (1-100) applies to lossy formats only.</summary>
    void Encode(RenderedImage image, Stream destination, int quality = 90);

    /// <summary>The same, into a buffer writer (for example a pooled buffer copied to the response asynchronously).</summary>
    void Encode(RenderedImage image, IBufferWriter<byte> destination, int quality = 90)
    {
        using var stream = new BufferWriterStream(destination);
        Encode(image, stream, quality);
    }

    Task EncodeAsync(RenderedImage image, Stream destination, int quality = 90, CancellationToken cancellationToken = default);
}
