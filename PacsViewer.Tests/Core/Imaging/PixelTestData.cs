using System.Buffers.Binary;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Tests.Core.Imaging;

/// <summary>Builds small image datasets and encodings straight from the standard's definitions, for hostile-input tests.</summary>
internal static class PixelTestData
{
    public static DicomDatasetBuilder Image(int rows, int columns, int bitsAllocated, int samples = 1, int frames = 1,
        int planar = 0, string? photometric = null, int? bitsStored = null)
    {
        var builder = new DicomDatasetBuilder()
            .SetUInt16(DicomTags.Rows, (ushort)rows)
            .SetUInt16(DicomTags.Columns, (ushort)columns)
            .SetUInt16(DicomTags.SamplesPerPixel, (ushort)samples)
            .SetUInt16(DicomTags.BitsAllocated, (ushort)bitsAllocated)
            .SetUInt16(DicomTags.BitsStored, (ushort)(bitsStored ?? bitsAllocated))
            .SetUInt16(DicomTags.HighBit, (ushort)((bitsStored ?? bitsAllocated) - 1))
            .SetUInt16(DicomTags.PixelRepresentation, 0)
            .Set(DicomTags.PhotometricInterpretation, photometric ?? (samples == 1 ? "MONOCHROME2" : "RGB"))
            .Set(DicomTags.NumberOfFrames, frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (samples > 1)
        {
            builder.SetUInt16(DicomTags.PlanarConfiguration, (ushort)planar);
        }
        return builder;
    }

    public static DicomDataset Native(DicomDatasetBuilder image, byte[] pixels) =>
        image.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels).ToDataset();

    public static DicomDataset Encapsulated(DicomDatasetBuilder image, IEnumerable<byte[]> fragments, uint[]? basicOffsetTable = null)
    {
        var bot = new byte[(basicOffsetTable?.Length ?? 0) * 4];
        for (var i = 0; i < (basicOffsetTable?.Length ?? 0); i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bot.AsSpan(i * 4), basicOffsetTable![i]);
        }
        return image.Add(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, bot,
            fragments.Select(f => DicomValueSource.FromMemory(f)))).ToDataset();
    }

    /// <summary>
    /// An RLE Lossless frame (PS3.5 G.2-G.5) of <paramref name="values"/> (interleaved samples, each
    /// <paramref name="bytesPerSample"/> bytes, little endian), segments written as literal runs only.
    /// </summary>
    public static byte[] RleFrame(ReadOnlySpan<byte> values, int samples, int bytesPerSample)
    {
        var pixelStride = samples * bytesPerSample;
        var pixels = values.Length / pixelStride;
        var segments = new List<byte[]>();
        for (var s = 0; s < samples; s++)
        {
            for (var b = 0; b < bytesPerSample; b++)
            {
                var plane = new byte[pixels];
                for (var p = 0; p < pixels; p++)
                {
                    plane[p] = values[(p * pixelStride) + (s * bytesPerSample) + (bytesPerSample - 1 - b)];
                }
                segments.Add(Literal(plane));
            }
        }
        var header = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)segments.Count);
        var offset = 64;
        for (var i = 0; i < segments.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4 + (i * 4)), (uint)offset);
            offset += segments[i].Length;
        }
        return [.. header, .. segments.SelectMany(x => x)];
    }

    /// <summary>PackBits literal runs of at most 128 bytes, padded to an even length (PS3.5 G.3.1).</summary>
    public static byte[] Literal(ReadOnlySpan<byte> plane)
    {
        var output = new List<byte>();
        for (var i = 0; i < plane.Length; i += 128)
        {
            var run = Math.Min(128, plane.Length - i);
            output.Add((byte)(run - 1));
            output.AddRange(plane.Slice(i, run).ToArray());
        }
        if (output.Count % 2 == 1)
        {
            output.Add(0x80);
        }
        return [.. output];
    }

    /// <summary>
    /// Min, max and mean of the stored values (masked to Bits Stored below High Bit + 1, sign-extended when
    /// signed): what pydicom's reference "frame0" holds. Float pixel data is read as IEEE values.
    /// </summary>
    public static (double Min, double Max, double Mean) StoredStatistics(ReadOnlySpan<byte> pixels, FrameInfo info, bool isFloat)
    {
        var size = info.BytesPerSample;
        var count = pixels.Length / size;
        var shift = info.HighBit + 1 - info.BitsStored;
        var mask = info.BitsStored >= 64 ? ulong.MaxValue : (1UL << info.BitsStored) - 1;
        double min = double.MaxValue, max = double.MinValue, sum = 0;
        for (var i = 0; i < count; i++)
        {
            var bytes = pixels.Slice(i * size, size);
            double v;
            if (isFloat)
            {
                v = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(bytes) : BinaryPrimitives.ReadDoubleLittleEndian(bytes);
            }
            else
            {
                ulong raw = size switch
                {
                    1 => bytes[0],
                    2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
                    4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
                    _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                };
                var stored = (raw >> shift) & mask;
                if (info.IsSigned && info.BitsStored < 64 && (stored & (1UL << (info.BitsStored - 1))) != 0)
                {
                    v = (long)(stored | ~mask);
                }
                else
                {
                    v = info.IsSigned ? (long)stored : stored;
                }
            }
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
        }
        return (min, max, sum / count);
    }
}
