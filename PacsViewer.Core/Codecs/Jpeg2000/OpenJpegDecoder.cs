using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Codecs.Jpeg2000;

/// <summary>
/// JPEG 2000 (ISO/IEC 15444-1; PS3.5 A.4.4: 1.2.840.10008.1.2.4.90 lossless, .91; PS3.5 A.4.5: Part 2
/// multi-component .92, .93) through OpenJPEG 2.x in libopenjp2.so.7, loaded at run time. The SIZ segment is
/// checked against the dataset in managed code first. OpenJPEG applies the inverse component transform (RCT/ICT,
/// 15444-1 G.2/G.3) when the codestream asks for it, so YBR_RCT and YBR_ICT come out as RGB (PS3.5 8.2.4).
/// Thread-safe: each call owns its codec, stream and image.
/// </summary>
public sealed class OpenJpegDecoder : IFrameDecoder
{
    /// <summary>The soname Debian's libopenjp2-7 installs.</summary>
    public const string DefaultLibraryName = "libopenjp2.so.7";

    private static readonly string[] Syntaxes =
    [
        DicomTransferSyntax.Jpeg2000Lossless.Uid,
        DicomTransferSyntax.Jpeg2000.Uid,
        DicomTransferSyntax.Jpeg2000Part2MulticomponentLossless.Uid,
        DicomTransferSyntax.Jpeg2000Part2Multicomponent.Uid,
    ];

    private readonly OpenJpegNative? _native;

    public OpenJpegDecoder() : this(DefaultLibraryName)
    {
    }

    /// <summary>Binds <paramref name="libraryName"/> instead of the default (tests use a missing name).</summary>
    internal OpenJpegDecoder(string libraryName)
    {
        _native = OpenJpegNative.TryLoad(libraryName, out var reason);
        UnavailableReason = reason;
        Name = _native is null ? $"OpenJPEG ({libraryName}, not loaded)" : $"OpenJPEG {_native.Version} ({libraryName})";
    }

    public string Name { get; }

    public IReadOnlyList<string> TransferSyntaxUids => Syntaxes;

    public bool IsAvailable => _native is not null;

    public string? UnavailableReason { get; }

    /// <summary>Planar configuration 0; YBR_RCT / YBR_ICT become RGB (the decoder undoes the component transform).</summary>
    public FrameInfo GetDecodedInfo(FrameInfo source) =>
        source.With(
            photometricInterpretation: source.PhotometricInterpretation is "YBR_RCT" or "YBR_ICT" ? "RGB" : null,
            planarConfiguration: 0);

    public void Decode(ReadOnlySpan<byte> compressed, FrameInfo source, Span<byte> destination)
    {
        var native = _native ?? throw new CodecUnavailableException(Syntaxes[0], $"JPEG 2000 cannot be decoded here: {UnavailableReason}");
        if (source.BitsAllocated is not (8 or 16 or 32))
        {
            throw new PixelDataException($"JPEG 2000: Bits Allocated {source.BitsAllocated} is not supported (8, 16 or 32)");
        }
        if (destination.Length != source.FrameLength)
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; one decoded frame is {source.FrameLength}", nameof(destination));
        }
        var header = J2kHeader.Read(compressed);
        Validate(header, source);

        using var stream = new OpenJpegMemoryStream(compressed);
        var parameters = IntPtr.Zero;
        var codec = IntPtr.Zero;
        var opjStream = IntPtr.Zero;
        var image = IntPtr.Zero;
        try
        {
            codec = native.OpjCreateDecompress(header.IsJp2 ? OpenJpegNative.CodecJp2 : OpenJpegNative.CodecJ2k);
            opjStream = native.OpjStreamCreate((nuint)Math.Min(Math.Max(stream.Length, 1024), 1 << 20), 1);
            if (codec == IntPtr.Zero || opjStream == IntPtr.Zero)
            {
                throw new PixelDataException("JPEG 2000: OpenJPEG could not create a decoder (out of memory)");
            }
            native.OpjSetErrorHandler(codec, OpenJpegMemoryStream.ErrorFunction, stream.UserData);
            native.OpjSetWarningHandler(codec, OpenJpegMemoryStream.IgnoreFunction, IntPtr.Zero);
            native.OpjStreamSetReadFunction(opjStream, OpenJpegMemoryStream.ReadFunction);
            native.OpjStreamSetSkipFunction(opjStream, OpenJpegMemoryStream.SkipFunction);
            native.OpjStreamSetSeekFunction(opjStream, OpenJpegMemoryStream.SeekFunction);
            native.OpjStreamSetUserData(opjStream, stream.UserData, IntPtr.Zero);
            native.OpjStreamSetUserDataLength(opjStream, (ulong)stream.Length);

            parameters = Marshal.AllocHGlobal(OpenJpegNative.DecoderParametersSize);
            native.OpjSetDefaultDecoderParameters(parameters);
            if (native.OpjSetupDecoder(codec, parameters) == 0)
            {
                throw new PixelDataException($"JPEG 2000: OpenJPEG rejected the decoder set-up: {stream.Errors}");
            }
            if (native.OpjReadHeader(opjStream, codec, out image) == 0 || image == IntPtr.Zero)
            {
                throw new PixelDataException($"JPEG 2000: OpenJPEG could not read the header: {stream.Errors}");
            }
            if (native.OpjDecode(codec, opjStream, image) == 0 || native.OpjEndDecompress(codec, opjStream) == 0)
            {
                throw new PixelDataException($"JPEG 2000: OpenJPEG could not decode the frame: {stream.Errors}");
            }
            CopyComponents(image, source, destination);
        }
        finally
        {
            if (image != IntPtr.Zero)
            {
                native.OpjImageDestroy(image);
            }
            if (opjStream != IntPtr.Zero)
            {
                native.OpjStreamDestroy(opjStream);
            }
            if (codec != IntPtr.Zero)
            {
                native.OpjDestroyCodec(codec);
            }
            if (parameters != IntPtr.Zero)
            {
                Marshal.FreeHGlobal(parameters);
            }
        }
    }

    private static void Validate(J2kHeader header, FrameInfo source)
    {
        if (header.Width != source.Columns || header.Height != source.Rows)
        {
            throw new PixelDataException($"JPEG 2000: the codestream is {header.Width} x {header.Height}; the dataset says {source.Columns} x {source.Rows}");
        }
        if (header.ComponentCount != source.SamplesPerPixel)
        {
            throw new PixelDataException($"JPEG 2000: the codestream has {header.ComponentCount} components; Samples per Pixel is {source.SamplesPerPixel}");
        }
        foreach (var c in header.Components)
        {
            if (c.HorizontalSeparation != 1 || c.VerticalSeparation != 1)
            {
                throw new PixelDataException($"JPEG 2000: subsampled components ({c.HorizontalSeparation} x {c.VerticalSeparation}) are not supported");
            }
            // The precision may be below Bits Stored or above it (values are masked afterwards) but must fit the container.
            if (c.Precision > source.BitsAllocated)
            {
                throw new PixelDataException($"JPEG 2000: the codestream has {c.Precision}-bit samples, which do not fit Bits Allocated {source.BitsAllocated}");
            }
        }
    }

    /// <summary>
    /// Interleaves the decoded components (opj_image_t.comps[i].data, one OPJ_INT32 per sample) into
    /// <paramref name="destination"/> as little-endian containers. Signed values are written in two's complement.
    /// Layout of opj_image_t / opj_image_comp_t as in openjpeg.h 2.5.
    /// </summary>
    private static void CopyComponents(IntPtr image, FrameInfo source, Span<byte> destination)
    {
        var pointerSize = IntPtr.Size;
        var numcomps = Marshal.ReadInt32(image, 16);
        var comps = Marshal.ReadIntPtr(image, 24);
        var compSize = pointerSize == 8 ? 64 : 52;
        var dataOffset = pointerSize == 8 ? 48 : 44;
        if (numcomps != source.SamplesPerPixel || comps == IntPtr.Zero)
        {
            throw new PixelDataException($"JPEG 2000: OpenJPEG decoded {numcomps} components; Samples per Pixel is {source.SamplesPerPixel}");
        }
        var columns = source.Columns;
        var samples = source.SamplesPerPixel;
        var bytes = source.BytesPerSample;
        var row = ArrayPool<int>.Shared.Rent(columns);
        try
        {
            for (var c = 0; c < samples; c++)
            {
                var comp = comps + c * compSize;
                var dx = Marshal.ReadInt32(comp, 0);
                var dy = Marshal.ReadInt32(comp, 4);
                var w = Marshal.ReadInt32(comp, 8);
                var h = Marshal.ReadInt32(comp, 12);
                var prec = Marshal.ReadInt32(comp, 24);
                var data = Marshal.ReadIntPtr(comp, dataOffset);
                if (dx != 1 || dy != 1 || w != columns || h != source.Rows || data == IntPtr.Zero || prec > source.BitsAllocated)
                {
                    throw new PixelDataException($"JPEG 2000: OpenJPEG decoded component {c} as {w} x {h} ({prec} bits, subsampling {dx} x {dy}); expected {columns} x {source.Rows}");
                }
                for (var y = 0; y < h; y++)
                {
                    Marshal.Copy(data + (nint)((long)y * columns * sizeof(int)), row, 0, columns);
                    var line = destination.Slice(y * columns * samples * bytes, columns * samples * bytes);
                    switch (bytes)
                    {
                        case 1:
                            for (var x = 0; x < columns; x++)
                            {
                                line[x * samples + c] = (byte)row[x];
                            }
                            break;
                        case 2:
                            for (var x = 0; x < columns; x++)
                            {
                                BinaryPrimitives.WriteInt16LittleEndian(line.Slice((x * samples + c) * 2), (short)row[x]);
                            }
                            break;
                        default:
                            for (var x = 0; x < columns; x++)
                            {
                                BinaryPrimitives.WriteInt32LittleEndian(line.Slice((x * samples + c) * 4), row[x]);
                            }
                            break;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(row);
        }
    }
}
