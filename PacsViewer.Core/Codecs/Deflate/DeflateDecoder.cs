using System.Buffers;
using System.IO.Compression;
using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Codecs.Deflate;

/// <summary>
/// Deflated Image Frame Compression (PS3.5 8.2.16, A.4.13), managed: each frame is the native frame (PS3.5 8.1.1,
/// little endian, as the Image Pixel Module lays it out) compressed as a raw RFC 1951 deflate stream (no zlib or
/// gzip wrapper) in one fragment, padded with one NUL byte to an even length. Decompression is bounded: the output
/// is exactly the frame's length from <see cref="FrameInfo"/>; a stream that would produce more, or one too short to
/// fill the frame, is rejected, and nothing beyond the frame (and a one-byte probe) is ever inflated.
/// </summary>
public sealed class DeflateDecoder : IFrameDecoder
{
    /// <summary>
    /// Deflate cannot expand beyond about 1032:1 (a 258-byte match costs at least two bits, RFC 1951 3.2.5), so an
    /// input shorter than the frame length / 1032 cannot be a whole frame and is refused before inflating anything.
    /// Real frames of constant value reach about 1000:1, so no valid frame is refused.
    /// </summary>
    public const int MaxRatio = 1032;

    public string Name => "Deflate (managed, System.IO.Compression)";

    public IReadOnlyList<string> TransferSyntaxUids { get; } = [DicomTransferSyntax.DeflatedImageFrameCompression.Uid];

    public bool IsAvailable => true;

    public string? UnavailableReason => null;

    /// <summary>The native layout with samples interleaved: deflate keeps the photometric interpretation.</summary>
    public FrameInfo GetDecodedInfo(FrameInfo source) => source.With(planarConfiguration: 0);

    public void Decode(ReadOnlySpan<byte> compressed, FrameInfo source, Span<byte> destination)
    {
        if (source.BitsAllocated == 1 || source.PhotometricInterpretation.StartsWith("YBR_FULL_422", StringComparison.Ordinal))
        {
            throw new PixelDataException("Deflated Image Frame Compression with Bits Allocated 1 or YBR_FULL_422 is not supported");
        }
        var frameLength = source.FrameLength;
        if (destination.Length != frameLength)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes; the frame needs {frameLength}", nameof(destination));
        }
        if ((long)compressed.Length * MaxRatio < frameLength)
        {
            throw new PixelDataException(
                $"deflated frame of {compressed.Length} bytes cannot inflate to the {frameLength} bytes the dataset describes (deflate expands at most {MaxRatio}:1; truncated or wrong dimensions)");
        }

        var input = ArrayPool<byte>.Shared.Rent(Math.Max(1, compressed.Length));
        try
        {
            compressed.CopyTo(input);
            using var stream = new DeflateStream(new MemoryStream(input, 0, compressed.Length, writable: false), CompressionMode.Decompress);
            if (source.PlanarConfiguration == 1)
            {
                // PS3.3 C.7.6.3.1.3: one plane per sample in the native frame; the decoder's output is interleaved.
                var planes = ArrayPool<byte>.Shared.Rent((int)frameLength);
                try
                {
                    Inflate(stream, planes.AsSpan(0, (int)frameLength));
                    Interleave(planes.AsSpan(0, (int)frameLength), source, destination);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(planes);
                }
            }
            else
            {
                Inflate(stream, destination);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }

    /// <summary>Fills <paramref name="output"/> exactly; a stream that ends early or holds more is an error.</summary>
    private static void Inflate(DeflateStream stream, Span<byte> output)
    {
        try
        {
            var written = 0;
            while (written < output.Length)
            {
                var read = stream.Read(output[written..]);
                if (read == 0)
                {
                    throw new PixelDataException($"deflated frame ends after {written} of {output.Length} bytes (truncated, or the dataset describes a larger frame)");
                }
                written += read;
            }
            Span<byte> probe = stackalloc byte[1];
            if (stream.Read(probe) != 0)
            {
                throw new PixelDataException($"deflated frame inflates to more than the {output.Length} bytes the dataset describes (PS3.5 A.4.13: one frame per fragment)");
            }
        }
        catch (InvalidDataException e)
        {
            throw new PixelDataException($"deflated frame is not a valid RFC 1951 deflate stream: {e.Message}", e);
        }
    }

    private static void Interleave(ReadOnlySpan<byte> planes, FrameInfo info, Span<byte> destination)
    {
        var pixels = (int)info.PixelCount;
        var bytes = info.BytesPerSample;
        var samples = info.SamplesPerPixel;
        for (var s = 0; s < samples; s++)
        {
            var plane = planes.Slice(s * pixels * bytes, pixels * bytes);
            for (var i = 0; i < pixels; i++)
            {
                plane.Slice(i * bytes, bytes).CopyTo(destination[(((i * samples) + s) * bytes)..]);
            }
        }
    }
}
