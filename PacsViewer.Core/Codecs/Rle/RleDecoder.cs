using System.Buffers.Binary;
using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Codecs.Rle;

/// <summary>
/// RLE Lossless (PS3.5 Annex G), managed. One frame is a 64-byte header (segment count and 15 offsets, G.5)
/// followed by PackBits-style segments (G.3.1), one per byte of each sample, most significant byte first (G.2).
/// The output is interleaved little endian containers; nothing is ever written past the destination.
/// </summary>
public sealed class RleDecoder : IFrameDecoder
{
    private const int HeaderLength = 64;
    private const int MaxSegments = 15;

    public string Name => "RLE Lossless (managed)";

    public IReadOnlyList<string> TransferSyntaxUids { get; } = [DicomTransferSyntax.RleLossless.Uid];

    public bool IsAvailable => true;

    public string? UnavailableReason => null;

    /// <summary>RLE keeps the photometric interpretation (PS3.5 G.2); segments are always by plane, output interleaved.</summary>
    public FrameInfo GetDecodedInfo(FrameInfo source) => source.With(planarConfiguration: 0);

    public void Decode(ReadOnlySpan<byte> compressed, FrameInfo source, Span<byte> destination)
    {
        if (source.BitsAllocated == 1)
        {
            throw new PixelDataException("RLE Lossless with Bits Allocated 1 is not supported");
        }
        var bytesPerSample = source.BytesPerSample;
        var samples = source.SamplesPerPixel;
        var pixels = source.PixelCount;
        var expectedLength = pixels * samples * bytesPerSample;
        if (destination.Length != expectedLength)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes; the frame needs {expectedLength}", nameof(destination));
        }
        if (compressed.Length < HeaderLength)
        {
            throw new PixelDataException($"RLE frame of {compressed.Length} bytes is shorter than its 64-byte header (PS3.5 G.5)");
        }

        // PS3.5 G.5: the header is 16 unsigned 32-bit little endian values: the segment count, then the offsets.
        var segmentCount = BinaryPrimitives.ReadUInt32LittleEndian(compressed);
        var expectedSegments = samples * bytesPerSample;
        if (expectedSegments > MaxSegments)
        {
            throw new PixelDataException($"{samples} samples of {bytesPerSample} bytes need {expectedSegments} RLE segments; at most {MaxSegments} fit (PS3.5 G.5)");
        }
        if (segmentCount != expectedSegments)
        {
            throw new PixelDataException($"RLE header declares {segmentCount} segments; {samples} samples of {bytesPerSample} bytes need {expectedSegments} (PS3.5 G.2)");
        }
        Span<uint> offsets = stackalloc uint[MaxSegments + 1];
        for (var i = 0; i < expectedSegments; i++)
        {
            offsets[i] = BinaryPrimitives.ReadUInt32LittleEndian(compressed[(4 + (i * 4))..]);
            var low = i == 0 ? HeaderLength : offsets[i - 1] + 1;
            if (offsets[i] < low || offsets[i] >= (uint)compressed.Length)
            {
                throw new PixelDataException($"RLE segment {i + 1} offset {offsets[i]} is not inside the frame ({compressed.Length} bytes) after the previous segment (PS3.5 G.5)");
            }
        }
        offsets[expectedSegments] = (uint)compressed.Length;

        var segmentLength = checked((int)pixels);
        for (var sample = 0; sample < samples; sample++)
        {
            for (var b = 0; b < bytesPerSample; b++)
            {
                var segment = (sample * bytesPerSample) + b;
                var input = compressed[(int)offsets[segment]..(int)offsets[segment + 1]];
                // PS3.5 G.2: segment b holds byte b of each sample counted from the most significant; output is little endian.
                var start = (sample * bytesPerSample) + (bytesPerSample - 1 - b);
                DecodeSegment(input, destination, start, samples * bytesPerSample, segmentLength, segment + 1);
            }
        }
    }

    /// <summary>
    /// PackBits (PS3.5 G.3.1): header n in 0..127 copies n+1 literal bytes, -127..-1 repeats the next byte 1-n
    /// times, -128 does nothing. Writes exactly <paramref name="count"/> bytes at start, start+stride, ...
    /// A segment that decodes short is an error. Once <paramref name="count"/> bytes have been produced the rest of
    /// the segment is ignored (a run that overshoots is cut at the frame, later bytes are skipped): some encoders
    /// write such segments and pydicom and dcmtk read them, and nothing is ever written past the destination.
    /// </summary>
    private static void DecodeSegment(ReadOnlySpan<byte> input, Span<byte> output, int start, int stride, int count, int segmentNumber)
    {
        var produced = 0;
        var pos = 0;
        var o = start;
        while (produced < count)
        {
            if (pos >= input.Length)
            {
                throw new PixelDataException($"RLE segment {segmentNumber} ends after {produced} of {count} bytes (truncated)");
            }
            var n = (sbyte)input[pos++];
            if (n >= 0)
            {
                // Only the bytes the frame still needs are taken from an overshooting literal run.
                var run = Math.Min(n + 1, count - produced);
                if (run > input.Length - pos)
                {
                    throw new PixelDataException($"RLE segment {segmentNumber} literal run of {n + 1} bytes is cut short by the segment end after {produced + input.Length - pos} of {count} bytes (truncated)");
                }
                var literal = input.Slice(pos, run);
                if (stride == 1)
                {
                    literal.CopyTo(output[o..]);
                    o += run;
                }
                else
                {
                    foreach (var value in literal)
                    {
                        output[o] = value;
                        o += stride;
                    }
                }
                pos += run;
                produced += run;
            }
            else if (n != -128)
            {
                var run = Math.Min(1 - n, count - produced);
                if (pos >= input.Length)
                {
                    throw new PixelDataException($"RLE segment {segmentNumber} replicate run has no byte to repeat (truncated)");
                }
                var value = input[pos++];
                if (stride == 1)
                {
                    output.Slice(o, run).Fill(value);
                    o += run;
                }
                else
                {
                    for (var i = 0; i < run; i++)
                    {
                        output[o] = value;
                        o += stride;
                    }
                }
                produced += run;
            }
        }
        // Whatever follows the segment's count bytes (even padding, -128 no-ops, or surplus runs) is not read.
    }
}
