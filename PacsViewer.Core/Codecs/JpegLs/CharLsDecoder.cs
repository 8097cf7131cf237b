using System.Buffers;
using System.Runtime.InteropServices;
using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Codecs.JpegLs;

/// <summary>
/// JPEG-LS (ISO/IEC 14495-1; PS3.5 A.4.3, transfer syntaxes 1.2.840.10008.1.2.4.80 lossless and .81 near-lossless)
/// through the CharLS 2.x C API in libcharls.so.2, loaded at run time. Every interleave mode (none, line, sample)
/// comes out sample-interleaved; the colour space is left as stored (PS3.5 8.2.3: no colour transform in DICOM).
/// Thread-safe: each call creates, uses and destroys its own native decoder.
/// </summary>
public sealed class CharLsDecoder : IFrameDecoder
{
    /// <summary>The soname Debian's libcharls2 installs.</summary>
    public const string DefaultLibraryName = "libcharls.so.2";

    private static readonly string[] Syntaxes = [DicomTransferSyntax.JpegLSLossless.Uid, DicomTransferSyntax.JpegLSNearLossless.Uid];

    private readonly CharLsNative? _native;

    public CharLsDecoder() : this(DefaultLibraryName)
    {
    }

    /// <summary>Binds <paramref name="libraryName"/> instead of the default (tests use a missing name).</summary>
    internal CharLsDecoder(string libraryName)
    {
        _native = CharLsNative.TryLoad(libraryName, out var reason);
        UnavailableReason = reason;
        Name = _native is null ? $"CharLS ({libraryName}, not loaded)" : $"CharLS {_native.Version} ({libraryName})";
    }

    public string Name { get; }

    public IReadOnlyList<string> TransferSyntaxUids => Syntaxes;

    public bool IsAvailable => _native is not null;

    public string? UnavailableReason { get; }

    public FrameInfo GetDecodedInfo(FrameInfo source) => source.With(planarConfiguration: 0);

    public void Decode(ReadOnlySpan<byte> compressed, FrameInfo source, Span<byte> destination)
    {
        var native = _native ?? throw new CodecUnavailableException(Syntaxes[0], $"JPEG-LS cannot be decoded here: {UnavailableReason}");
        if (source.BitsAllocated is not (8 or 16))
        {
            throw new PixelDataException($"JPEG-LS: Bits Allocated {source.BitsAllocated} is not supported (8 or 16; ISO/IEC 14495-1 allows 2 to 16 bits)");
        }
        if (destination.Length != source.FrameLength)
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; one decoded frame is {source.FrameLength}", nameof(destination));
        }
        // ISO/IEC 14495-1 C.1.1: a JPEG-LS codestream begins with SOI (FF D8).
        if (compressed.Length < 4 || compressed[0] != 0xFF || compressed[1] != 0xD8)
        {
            throw new PixelDataException($"JPEG-LS: the frame data ({compressed.Length} bytes) does not begin with a JPEG SOI marker");
        }
        // ... and ends with EOI (FF D9), here after any zero padding of the last fragment (PS3.5 A.4). Checked first
        // because CharLS 2.4 spends seconds on a stream that simply stops mid-scan, but fails at once at a marker.
        var end = compressed.TrimEnd((byte)0);
        if (end.Length < 4 || end[^2] != 0xFF || end[^1] != 0xD9)
        {
            throw new PixelDataException($"JPEG-LS: the frame data ({compressed.Length} bytes) does not end with an EOI marker: the codestream is truncated");
        }
        compressed = end;

        var decoder = native.DecoderCreate();
        if (decoder == IntPtr.Zero)
        {
            throw new PixelDataException("JPEG-LS: CharLS could not create a decoder (out of memory)");
        }
        try
        {
            Check(native, native.DecoderSetSourceBuffer(decoder, ref MemoryMarshal.GetReference(compressed), (nuint)compressed.Length), "reading the source");
            Check(native, native.DecoderReadHeader(decoder), "reading the header");
            Check(native, native.DecoderGetFrameInfo(decoder, out var frame), "reading the frame header");
            Check(native, native.DecoderGetInterleaveMode(decoder, out var interleaveMode), "reading the interleave mode");
            Validate(frame, source);

            var codecBytesPerSample = frame.BitsPerSample <= 8 ? 1 : 2;
            long expected = source.PixelCount * source.SamplesPerPixel * codecBytesPerSample;
            Check(native, native.DecoderGetDestinationSize(decoder, 0, out var size), "computing the output size");
            if ((long)size != expected)
            {
                throw new PixelDataException($"JPEG-LS: CharLS wants {size} bytes for a frame that should be {expected}");
            }

            // ISO/IEC 14495-1 C.2.3 (ILV): with interleave mode none (0) CharLS writes one plane per component.
            var planar = source.SamplesPerPixel > 1 && interleaveMode == 0;
            if (!planar && codecBytesPerSample == source.BytesPerSample)
            {
                Check(native, native.DecoderDecodeToBuffer(decoder, ref MemoryMarshal.GetReference(destination), (nuint)destination.Length, 0), "decoding");
                return;
            }
            var scratch = ArrayPool<byte>.Shared.Rent((int)expected);
            try
            {
                Check(native, native.DecoderDecodeToBuffer(decoder, ref scratch[0], (nuint)expected, 0), "decoding");
                Rearrange(scratch.AsSpan(0, (int)expected), planar, codecBytesPerSample, source, destination);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
        finally
        {
            native.DecoderDestroy(decoder);
        }
    }

    private static void Validate(CharLsFrameInfo frame, FrameInfo source)
    {
        if (frame.Width != source.Columns || frame.Height != source.Rows)
        {
            throw new PixelDataException($"JPEG-LS: the codestream is {frame.Width} x {frame.Height}; the dataset says {source.Columns} x {source.Rows}");
        }
        if (frame.ComponentCount != source.SamplesPerPixel)
        {
            throw new PixelDataException($"JPEG-LS: the codestream has {frame.ComponentCount} components; Samples per Pixel is {source.SamplesPerPixel}");
        }
        // The sample precision P (C.2.2) must fit the container; it may differ from Bits Stored (encoders disagree),
        // which is harmless because the stored values are masked to Bits Stored afterwards.
        if (frame.BitsPerSample < 2 || frame.BitsPerSample > source.BitsAllocated)
        {
            throw new PixelDataException($"JPEG-LS: the codestream has {frame.BitsPerSample}-bit samples, which do not fit Bits Allocated {source.BitsAllocated}");
        }
    }

    /// <summary>Planar to interleaved and/or 1-byte to 2-byte samples (P of 8 or less in a 16-bit container).</summary>
    private static void Rearrange(ReadOnlySpan<byte> decoded, bool planar, int codecBytes, FrameInfo source, Span<byte> destination)
    {
        var samples = source.SamplesPerPixel;
        var pixels = (int)source.PixelCount;
        var outBytes = source.BytesPerSample;
        for (var c = 0; c < samples; c++)
        {
            for (var i = 0; i < pixels; i++)
            {
                var from = (planar ? c * pixels + i : i * samples + c) * codecBytes;
                var to = (i * samples + c) * outBytes;
                destination[to] = decoded[from];
                if (outBytes == 2)
                {
                    destination[to + 1] = codecBytes == 2 ? decoded[from + 1] : (byte)0;
                }
            }
        }
    }

    private static void Check(CharLsNative native, int result, string step)
    {
        if (result != CharLsNative.Success)
        {
            throw new PixelDataException($"JPEG-LS: CharLS failed {step}: {native.Describe(result)}");
        }
    }
}
