using System.Buffers;
using JpegLibrary;
using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Codecs.Jpeg;

/// <summary>
/// JPEG frames (PS3.5 A.4.1, 8.2.1) through the managed JpegLibrary: Baseline (Process 1), Extended (Process 2 &amp; 4,
/// 12-bit), Lossless (Process 14, any predictor) and Lossless SV1. Also decodes progressive and arithmetic DCT
/// streams when they turn up under these syntaxes; hierarchical and arithmetic lossless streams are refused.
/// Lossless frames are decoded by <see cref="JpegLosslessDecoder"/> (see there why not by JpegLibrary).
/// Colour is never converted: YBR_FULL_422 comes out upsampled to full resolution (libjpeg's triangle
/// filter for 4:2:2 and 4:2:0, replication for other ratios) as YBR_FULL, RGB (including an
/// Adobe APP14 "no transform" stream) as RGB; the colour pipeline converts YBR_FULL to RGB.
/// </summary>
public sealed class JpegFrameDecoder : IFrameDecoder
{
    private static readonly string[] Uids =
    [
        DicomTransferSyntax.JpegBaseline8Bit.Uid,
        DicomTransferSyntax.JpegExtended12Bit.Uid,
        DicomTransferSyntax.JpegLossless.Uid,
        DicomTransferSyntax.JpegLosslessSV1.Uid,
    ];

    public string Name => "JPEG (managed, JpegLibrary 0.4)";

    public IReadOnlyList<string> TransferSyntaxUids => Uids;

    public bool IsAvailable => true;

    public string? UnavailableReason => null;

    /// <summary>
    /// Same layout, interleaved; YBR_FULL_422 becomes YBR_FULL because the chroma is upsampled (PS3.3 C.7.6.3.1.2).
    /// </summary>
    public FrameInfo GetDecodedInfo(FrameInfo source) => source.With(
        photometricInterpretation: source.PhotometricInterpretation == "YBR_FULL_422" ? "YBR_FULL" : null,
        planarConfiguration: 0);

    public void Decode(ReadOnlySpan<byte> compressed, FrameInfo source, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        var frameLength = checked((int)source.FrameLength);
        if (destination.Length != frameLength)
        {
            throw new ArgumentException($"the destination holds {destination.Length} bytes; one decoded frame is {frameLength}", nameof(destination));
        }

        var header = JpegHeader.Parse(compressed);
        Validate(header, source);
        if (header.IsLossless)
        {
            try
            {
                JpegLosslessDecoder.Decode(compressed, header, source, destination);
            }
            catch (Exception ex) when (ex is not PixelDataException and not OutOfMemoryException)
            {
                throw new PixelDataException($"corrupt JPEG {header.ProcessName} data: {ex.Message}", ex);
            }
            return;
        }

        // JpegLibrary reads from ReadOnlyMemory and writes through a class, so the frame passes through two pooled
        // buffers; both are sized by what exists (the compressed bytes) or by the validated frame layout.
        var input = ArrayPool<byte>.Shared.Rent(compressed.Length);
        var output = ArrayPool<byte>.Shared.Rent(frameLength);
        try
        {
            compressed.CopyTo(input);
            var decoder = new JpegDecoder();
            decoder.SetInput(new ReadOnlyMemory<byte>(input, 0, compressed.Length));
            decoder.Identify();
            if (decoder.Width != header.SamplesPerLine || decoder.Height != header.Lines || decoder.NumberOfComponents != source.SamplesPerPixel)
            {
                throw new PixelDataException("JpegLibrary read a different frame header than the one validated");
            }
            if (header.SamplesPerLine != source.Columns || header.Lines != source.Rows)
            {
                output.AsSpan(0, frameLength).Clear(); // a cropped edge tile: the uncovered part of the frame is zero
            }
            decoder.SetOutputWriter(new JpegSampleWriter(output, header.SamplesPerLine, header.Lines, source.Columns,
                source.SamplesPerPixel, source.BytesPerSample, header.Precision));
            decoder.Decode();
            var maxH = header.Components.Max(c => c.HorizontalSampling);
            var maxV = header.Components.Max(c => c.VerticalSampling);
            for (var c = 0; c < header.Components.Count; c++)
            {
                var component = header.Components[c];
                if (component.HorizontalSampling * 2 == maxH && component.VerticalSampling == maxV)
                {
                    JpegChromaUpsampler.FilterH2V1(output.AsSpan(0, frameLength), header.SamplesPerLine, header.Lines,
                        source.Columns, source.SamplesPerPixel, c, source.BytesPerSample);
                }
                else if (component.HorizontalSampling * 2 == maxH && component.VerticalSampling * 2 == maxV)
                {
                    JpegChromaUpsampler.FilterH2V2(output.AsSpan(0, frameLength), header.SamplesPerLine, header.Lines,
                        source.Columns, source.SamplesPerPixel, c, source.BytesPerSample);
                }
            }
            output.AsSpan(0, frameLength).CopyTo(destination);
        }
        catch (Exception ex) when (ex is not PixelDataException and not OutOfMemoryException)
        {
            throw new PixelDataException($"corrupt JPEG {header.ProcessName} data: {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <summary>Bounds the work before any allocation: the JPEG headers must describe the frame the dataset declares.</summary>
    private static void Validate(JpegHeader header, FrameInfo source)
    {
        if (!header.IsSupportedProcess)
        {
            throw new PixelDataException($"JPEG {header.ProcessName} is not supported by the managed JPEG decoder; ask the PACS for an uncompressed transfer syntax");
        }
        if (header.Lines == 0)
        {
            throw new PixelDataException("the JPEG frame header gives 0 lines (a DNL segment, T.81 B.2.5), which is not supported");
        }
        // The JPEG image must be the frame. One exception, for DCT images only: a smaller image is decoded into the
        // top-left corner with the rest zero, because tiled whole-slide encoders write the right and bottom edge tiles
        // cropped to the Total Pixel Matrix, although DICOM expects every frame to be Rows x Columns.
        var fits = header.SamplesPerLine == source.Columns && header.Lines == source.Rows;
        var croppedTile = !header.IsLossless && header.SamplesPerLine <= source.Columns && header.Lines <= source.Rows;
        if (!fits && !croppedTile)
        {
            throw new PixelDataException($"the JPEG frame is {header.SamplesPerLine} x {header.Lines} but Columns x Rows is {source.Columns} x {source.Rows}");
        }
        if (header.Components.Count != source.SamplesPerPixel)
        {
            throw new PixelDataException($"the JPEG frame has {header.Components.Count} components but Samples per Pixel is {source.SamplesPerPixel}");
        }
        // PS3.5 8.2.1: the JPEG precision need not equal Bits Stored (e.g. 12-bit data in a 16-bit lossless stream,
        // or 8-bit precision for Bits Stored 6); it only has to fit the Bits Allocated container.
        var validPrecision = header.IsLossless ? header.Precision is >= 2 and <= 16 : header.Precision is 8 or 12;
        if (!validPrecision)
        {
            throw new PixelDataException($"JPEG sample precision {header.Precision} is not valid for {header.ProcessName} (T.81 B.2.2)");
        }
        if (source.BitsAllocated is not (8 or 16) || header.Precision > source.BitsAllocated)
        {
            throw new PixelDataException($"JPEG sample precision {header.Precision} does not fit Bits Allocated {source.BitsAllocated}");
        }
        if (header.IsLossless && (header.Predictor > 7 || header.PointTransform >= header.Precision))
        {
            throw new PixelDataException($"JPEG lossless predictor {header.Predictor} / point transform {header.PointTransform} is not valid (T.81 H.1.2.1)");
        }
        // JpegLibrary upsamples by whole powers of two; other ratios (e.g. 3:1) are refused rather than misdrawn.
        var maxH = header.Components.Max(c => c.HorizontalSampling);
        var maxV = header.Components.Max(c => c.VerticalSampling);
        foreach (var c in header.Components)
        {
            if (c.HorizontalSampling is < 1 or > 4 || c.VerticalSampling is < 1 or > 4
                || maxH % c.HorizontalSampling != 0 || maxV % c.VerticalSampling != 0
                || !IsPowerOfTwo(maxH / c.HorizontalSampling) || !IsPowerOfTwo(maxV / c.VerticalSampling))
            {
                throw new PixelDataException($"JPEG sampling factors {c.HorizontalSampling}x{c.VerticalSampling} (max {maxH}x{maxV}) are not supported");
            }
        }
    }

    private static bool IsPowerOfTwo(int value) => (value & (value - 1)) == 0;
}
