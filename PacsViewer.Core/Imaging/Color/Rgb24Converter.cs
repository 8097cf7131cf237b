using System.Buffers.Binary;
using PacsViewer.Core.Codecs;

namespace PacsViewer.Core.Imaging.Color;

/// <summary>
/// Turns a colour <see cref="DecodedFrame"/> into interleaved 8-bit RGB (R G B per pixel, rows top to bottom):
/// RGB (and the YBR_ICT / YBR_RCT frames the JPEG 2000 codec already returns as RGB), YBR_FULL, native
/// YBR_FULL_422 and PALETTE COLOR (PS3.3 C.7.6.3.1.2, C.7.6.3.1.5).
/// </summary>
public static class Rgb24Converter
{
    /// <summary>True when <see cref="Convert"/> handles frames with this photometric interpretation.</summary>
    public static bool Supports(string photometricInterpretation) => photometricInterpretation.Trim() is
        "RGB" or "YBR_ICT" or "YBR_RCT" or "YBR_FULL" or "YBR_FULL_422" or "PALETTE COLOR";

    /// <summary>
    /// Converts <paramref name="frame"/> into <paramref name="rgb"/> (at least Rows x Columns x 3 bytes).
    /// <paramref name="palette"/> is required for PALETTE COLOR and ignored otherwise.
    /// 16-bit RGB samples are reduced to 8 bits by dropping the low Bits Stored - 8 bits (a plain shift: no window).
    /// </summary>
    public static void Convert(DecodedFrame frame, Span<byte> rgb, PaletteColorLut? palette = null)
    {
        var info = frame.Info;
        var pixels = checked((int)info.PixelCount);
        if (rgb.Length < pixels * 3)
        {
            throw new ArgumentException($"destination holds {rgb.Length} bytes, {pixels * 3} needed", nameof(rgb));
        }
        var src = frame.Pixels;
        switch (info.PhotometricInterpretation.Trim())
        {
            case "PALETTE COLOR":
                if (info.SamplesPerPixel != 1)
                {
                    throw new PixelDataException($"PALETTE COLOR with {info.SamplesPerPixel} samples per pixel (1 required)");
                }
                (palette ?? throw new ArgumentNullException(nameof(palette), "PALETTE COLOR needs its palette"))
                    .Apply(src, info.BytesPerSample, pixels, rgb);
                break;
            case "RGB" or "YBR_ICT" or "YBR_RCT":
                RequireThreeSamples(info);
                if (info.BytesPerSample == 1)
                {
                    src[..(pixels * 3)].CopyTo(rgb);
                }
                else if (info.BytesPerSample == 2)
                {
                    Rgb16ToRgb8(src, pixels * 3, info.BitsStored, rgb);
                }
                else
                {
                    throw new PixelDataException($"RGB with {info.BitsAllocated} bits allocated is not supported (8 or 16)");
                }
                break;
            case "YBR_FULL":
                RequireThreeSamples(info);
                Require8Bit(info);
                YbrFullToRgb(src, pixels, rgb);
                break;
            case "YBR_FULL_422":
                RequireThreeSamples(info);
                Require8Bit(info);
                YbrFull422ToRgb(src, pixels, rgb);
                break;
            default:
                throw new PixelDataException($"photometric interpretation {info.PhotometricInterpretation} is not a supported colour space");
        }
    }

    /// <summary>Keeps the top 8 of Bits Stored bits: (sample &amp; mask) &gt;&gt; (Bits Stored - 8).</summary>
    private static void Rgb16ToRgb8(ReadOnlySpan<byte> src, int samples, int bitsStored, Span<byte> rgb)
    {
        var shift = Math.Max(0, bitsStored - 8);
        var mask = (1 << bitsStored) - 1;
        for (var i = 0; i < samples; i++)
        {
            rgb[i] = (byte)((BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(i * 2, 2)) & mask) >> shift);
        }
    }

    /// <summary>PS3.3 C.7.6.3.1.2 YBR_FULL: one Y, CB, CR triple per pixel.</summary>
    private static void YbrFullToRgb(ReadOnlySpan<byte> src, int pixels, Span<byte> rgb)
    {
        for (var i = 0; i < pixels; i++)
        {
            var o = i * 3;
            YbrFullTables.ToRgb(src[o], src[o + 1], src[o + 2], rgb.Slice(o, 3));
        }
    }

    /// <summary>
    /// PS3.3 C.7.6.3.1.2 YBR_FULL_422 as stored natively: pixel pairs in raster order share one CB and CR, stored
    /// Y1 Y2 CB CR. An odd pixel count ends with a lone pixel whose group is still four bytes (Y, pad, CB, CR).
    /// </summary>
    private static void YbrFull422ToRgb(ReadOnlySpan<byte> src, int pixels, Span<byte> rgb)
    {
        var groups = (pixels + 1) / 2;
        if (src.Length < groups * 4)
        {
            throw new PixelDataException($"YBR_FULL_422 frame has {src.Length} bytes, {groups * 4} needed for {pixels} pixels");
        }
        var pairs = pixels / 2;
        for (var k = 0; k < pairs; k++)
        {
            var s = k * 4;
            int cb = src[s + 2], cr = src[s + 3];
            YbrFullTables.ToRgb(src[s], cb, cr, rgb.Slice(k * 6, 3));
            YbrFullTables.ToRgb(src[s + 1], cb, cr, rgb.Slice(k * 6 + 3, 3));
        }
        if ((pixels & 1) != 0)
        {
            var s = pairs * 4;
            YbrFullTables.ToRgb(src[s], src[s + 2], src[s + 3], rgb.Slice(pairs * 6, 3));
        }
    }

    private static void RequireThreeSamples(FrameInfo info)
    {
        if (info.SamplesPerPixel != 3)
        {
            throw new PixelDataException($"{info.PhotometricInterpretation} with {info.SamplesPerPixel} samples per pixel (3 required)");
        }
    }

    private static void Require8Bit(FrameInfo info)
    {
        if (info.BytesPerSample != 1)
        {
            throw new PixelDataException($"{info.PhotometricInterpretation} with {info.BitsAllocated} bits allocated is not supported (8 required)");
        }
    }
}
