using System.Buffers;
using System.Buffers.Binary;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Imaging.Grayscale;

namespace PacsViewer.Core.Imaging.Statistics;

/// <summary>
/// <see cref="RegionStatistics"/> of a decoded grayscale frame's modality values (PS3.3 C.11.1): stored values
/// masked to Bits Stored and sign-extended, then the Modality LUT or the rescale applied.
/// </summary>
public static class FrameStatistics
{
    /// <summary>Statistics over <paramref name="region"/> of <paramref name="frame"/>, or over the whole frame when null.</summary>
    public static RegionStatistics Compute(DecodedFrame frame, ModalityLut modality, RegionOfInterest? region = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(modality);
        var info = frame.Info;
        if (info.SamplesPerPixel != 1)
        {
            throw new PixelDataException($"statistics need one sample per pixel, the frame has {info.SamplesPerPixel}");
        }
        if (info.BitsAllocated is not (1 or 8 or 16 or 32))
        {
            throw new PixelDataException($"statistics of {info.BitsAllocated}-bit samples are not supported");
        }
        var layout = StoredValueLayout.FromFrameInfo(info.BitsAllocated == 1 ? info.With(bitsAllocated: 8) : info);
        int width = info.Columns, height = info.Rows;
        var roi = region ?? RegionOfInterest.Rectangle(0, 0, width, height);
        var count = checked((int)info.PixelCount);
        var pixels = frame.Pixels;
        var bytes = info.BytesPerSample;
        if (modality.Lut is null)
        {
            var stored = ArrayPool<long>.Shared.Rent(count);
            try
            {
                for (var i = 0; i < count; i++)
                {
                    stored[i] = layout.StoredValue(Container(pixels, i, bytes));
                }
                // PS3.3 C.11.1.1.2: modality = Rescale Slope x stored + Rescale Intercept.
                return RegionStatistics.FromStoredValues<long>(stored.AsSpan(0, count), width, height, roi, modality.Slope, modality.Intercept);
            }
            finally
            {
                ArrayPool<long>.Shared.Return(stored);
            }
        }
        var values = ArrayPool<double>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                values[i] = modality.Apply(layout.StoredValue(Container(pixels, i, bytes)));
            }
            return RegionStatistics.FromModalityValues<double>(values.AsSpan(0, count), width, height, roi);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(values);
        }
    }

    private static uint Container(ReadOnlySpan<byte> pixels, int i, int bytes) => bytes switch
    {
        1 => pixels[i],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(pixels.Slice(i * 2, 2)),
        _ => BinaryPrimitives.ReadUInt32LittleEndian(pixels.Slice(i * 4, 4)),
    };
}
