using System.Buffers;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Imaging;

public sealed partial class FrameReader
{
    private const string YbrFull422 = "YBR_FULL_422";

    /// <summary>Native (uncompressed) pixel data: frames follow each other with no padding (PS3.5 8.1.1, 8.2).</summary>
    private static DecodedFrame ReadNative(DicomValueSource value, FrameInfo info, int frameIndex)
    {
        if (info.BitsAllocated == 1)
        {
            return ReadNativeBits(value, info, frameIndex);
        }
        var frameLength = NativeFrameLength(info);
        CheckNativeLength(value, frameLength * info.NumberOfFrames, info);
        return FromNativeBytes(value, frameIndex * frameLength, (int)frameLength, info, frameIndex);
    }

    /// <summary>Converts one frame of native bytes read from <paramref name="value"/> at <paramref name="offset"/>.</summary>
    private static DecodedFrame FromNativeBytes(DicomValueSource value, long offset, int length, FrameInfo info, int frameIndex)
    {
        var is422 = IsNativeYbr422(info);
        if (!is422 && info.PlanarConfiguration == 0)
        {
            var direct = DecodedFrame.Allocate(info, frameIndex);
            try
            {
                value.CopyTo(offset, direct.Pixels);
                return direct;
            }
            catch
            {
                direct.Dispose();
                throw;
            }
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        DecodedFrame? frame = null;
        try
        {
            var source = buffer.AsSpan(0, length);
            value.CopyTo(offset, source);
            if (is422)
            {
                frame = DecodedFrame.Allocate(info.With(photometricInterpretation: "YBR_FULL", planarConfiguration: 0), frameIndex);
                UpsampleYbr422(source, frame.Pixels, info.BytesPerSample);
            }
            else
            {
                frame = DecodedFrame.Allocate(info.With(planarConfiguration: 0), frameIndex);
                Interleave(source, frame.Pixels, info.SamplesPerPixel, info.BytesPerSample);
            }
            return frame;
        }
        catch
        {
            frame?.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Bits Allocated 1 (PS3.5 8.1.1): bits are packed LSB first and frames are not byte aligned: frame i starts
    /// at bit i x Rows x Columns x Samples. Unpacked to one byte (0 or 1) per sample.
    /// </summary>
    private static DecodedFrame ReadNativeBits(DicomValueSource value, FrameInfo info, int frameIndex)
    {
        var bitsPerFrame = info.PixelCount * info.SamplesPerPixel;
        CheckNativeLength(value, ((bitsPerFrame * info.NumberOfFrames) + 7) / 8, info);
        var firstBit = frameIndex * bitsPerFrame;
        var shift = (int)(firstBit & 7);
        var byteCount = (int)((shift + bitsPerFrame + 7) / 8);
        var buffer = ArrayPool<byte>.Shared.Rent(byteCount);
        var frame = DecodedFrame.Allocate(info.With(bitsAllocated: 8, planarConfiguration: 0), frameIndex);
        try
        {
            var packed = buffer.AsSpan(0, byteCount);
            value.CopyTo(firstBit >> 3, packed);
            var output = frame.Pixels;
            if (info.PlanarConfiguration == 0 || info.SamplesPerPixel == 1)
            {
                UnpackBits(packed, shift, output);
            }
            else
            {
                var planar = ArrayPool<byte>.Shared.Rent(output.Length);
                try
                {
                    UnpackBits(packed, shift, planar.AsSpan(0, output.Length));
                    Interleave(planar.AsSpan(0, output.Length), output, info.SamplesPerPixel, 1);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(planar);
                }
            }
            return frame;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void UnpackBits(ReadOnlySpan<byte> packed, int shift, Span<byte> output)
    {
        var bit = shift;
        for (var i = 0; i < output.Length; i++, bit++)
        {
            output[i] = (byte)((packed[bit >> 3] >> (bit & 7)) & 1);
        }
    }

    /// <summary>Planar Configuration 1 (PS3.3 C.7.6.3.1.3): all of sample 0, then all of sample 1, ... to interleaved.</summary>
    private static void Interleave(ReadOnlySpan<byte> planar, Span<byte> output, int samples, int bytesPerSample)
    {
        var planeLength = planar.Length / samples;
        var pixels = planeLength / bytesPerSample;
        var pixelStride = samples * bytesPerSample;
        for (var s = 0; s < samples; s++)
        {
            var plane = planar.Slice(s * planeLength, planeLength);
            var o = s * bytesPerSample;
            if (bytesPerSample == 1)
            {
                for (var p = 0; p < pixels; p++, o += pixelStride)
                {
                    output[o] = plane[p];
                }
            }
            else
            {
                for (var p = 0; p < pixels; p++, o += pixelStride)
                {
                    plane.Slice(p * bytesPerSample, bytesPerSample).CopyTo(output[o..]);
                }
            }
        }
    }

    /// <summary>
    /// Native YBR_FULL_422 (PS3.3 C.7.6.3.1.2): each pair of pixels is stored Y1 Y2 Cb Cr. Output is YBR_FULL
    /// with the chroma of each pair repeated for both pixels.
    /// </summary>
    private static void UpsampleYbr422(ReadOnlySpan<byte> source, Span<byte> output, int bytesPerSample)
    {
        var b = bytesPerSample;
        var pairs = source.Length / (4 * b);
        for (var p = 0; p < pairs; p++)
        {
            var s = source.Slice(p * 4 * b, 4 * b);
            var o = output.Slice(p * 6 * b, 6 * b);
            s[..b].CopyTo(o);                      // Y1
            s.Slice(2 * b, 2 * b).CopyTo(o[b..]);  // Cb Cr
            s.Slice(b, b).CopyTo(o[(3 * b)..]);    // Y2
            s.Slice(2 * b, 2 * b).CopyTo(o[(4 * b)..]);
        }
    }

    private static bool IsNativeYbr422(FrameInfo info) =>
        info.SamplesPerPixel == 3 && info.PhotometricInterpretation == YbrFull422;

    /// <summary>Bytes of one native frame; YBR_FULL_422 stores two samples per pixel on average (PS3.3 C.7.6.3.1.2).</summary>
    private static long NativeFrameLength(FrameInfo info)
    {
        if (!IsNativeYbr422(info))
        {
            return info.FrameLength;
        }
        if ((info.PixelCount & 1) != 0)
        {
            throw new PixelDataException($"YBR_FULL_422 needs an even number of pixels; the image is {info.Columns} x {info.Rows}");
        }
        return info.PixelCount * 2 * info.BytesPerSample;
    }

    private static void CheckNativeLength(DicomValueSource value, long expected, FrameInfo info)
    {
        if (value.Length < expected)
        {
            throw new PixelDataException(
                $"pixel data holds {value.Length} bytes; {info.NumberOfFrames} frame(s) of {info.Columns} x {info.Rows} x {info.SamplesPerPixel} x {info.BitsAllocated} bits need {expected}");
        }
    }
}
