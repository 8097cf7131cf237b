using System.Buffers;
using System.Buffers.Binary;

namespace PacsViewer.Core.Codecs.Jpeg;

/// <summary>
/// Re-upsamples halved components (4:2:2 "h2v1" and 4:2:0 "h2v2") with the triangle filter libjpeg applies by
/// default ("fancy upsampling"): each output sample is 3/4 of the nearer and 1/4 of the farther input sample, in
/// each halved direction; edge samples are repeated. JpegLibrary replicates samples
/// instead; the replicated frame still holds every input sample (at the even positions), so the filter can be
/// applied afterwards. This keeps our YBR_FULL_422 output within a level of dcmtk, GDCM and pydicom.
/// </summary>
internal static class JpegChromaUpsampler
{
    /// <summary>Filters component <paramref name="component"/> in place over a <paramref name="width"/> x <paramref name="height"/> image.</summary>
    public static void FilterH2V1(Span<byte> frame, int width, int height, int rowLength, int components, int component, int bytesPerSample)
    {
        var inputWidth = (width + 1) / 2;
        if (inputWidth < 2)
        {
            return;
        }
        var input = ArrayPool<int>.Shared.Rent(inputWidth);
        try
        {
            for (var y = 0; y < height; y++)
            {
                var rowStart = y * rowLength * components;
                for (var i = 0; i < inputWidth; i++)
                {
                    input[i] = Read(frame, rowStart + 2 * i * components + component, bytesPerSample);
                }
                for (var i = 0; i < inputWidth; i++)
                {
                    var nearer = input[i] * 3;
                    var even = i == 0 ? input[0] : (nearer + input[i - 1] + 1) >> 2;
                    var odd = i == inputWidth - 1 ? input[i] : (nearer + input[i + 1] + 2) >> 2;
                    Write(frame, rowStart + 2 * i * components + component, bytesPerSample, even);
                    if (2 * i + 1 < width)
                    {
                        Write(frame, rowStart + (2 * i + 1) * components + component, bytesPerSample, odd);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(input);
        }
    }

    /// <summary>The 4:2:0 case: both directions halved (libjpeg's h2v2 filter, weights 9/3/3/1 over 16).</summary>
    public static void FilterH2V2(Span<byte> frame, int width, int height, int rowLength, int components, int component, int bytesPerSample)
    {
        var inputWidth = (width + 1) / 2;
        var inputHeight = (height + 1) / 2;
        var plane = ArrayPool<int>.Shared.Rent(inputWidth * inputHeight);
        var columnSums = ArrayPool<int>.Shared.Rent(inputWidth);
        try
        {
            for (var r = 0; r < inputHeight; r++)
            {
                for (var i = 0; i < inputWidth; i++)
                {
                    plane[r * inputWidth + i] = Read(frame, ((2 * r * rowLength) + 2 * i) * components + component, bytesPerSample);
                }
            }
            for (var y = 0; y < height; y++)
            {
                var r = y / 2;
                var neighbour = y % 2 == 0 ? Math.Max(r - 1, 0) : Math.Min(r + 1, inputHeight - 1);
                for (var i = 0; i < inputWidth; i++)
                {
                    columnSums[i] = 3 * plane[r * inputWidth + i] + plane[neighbour * inputWidth + i];
                }
                var rowStart = y * rowLength * components;
                for (var i = 0; i < inputWidth; i++)
                {
                    var nearer = columnSums[i] * 3;
                    var even = i == 0 ? (columnSums[0] * 4 + 8) >> 4 : (nearer + columnSums[i - 1] + 8) >> 4;
                    var odd = i == inputWidth - 1 ? (columnSums[i] * 4 + 7) >> 4 : (nearer + columnSums[i + 1] + 7) >> 4;
                    Write(frame, rowStart + 2 * i * components + component, bytesPerSample, even);
                    if (2 * i + 1 < width)
                    {
                        Write(frame, rowStart + (2 * i + 1) * components + component, bytesPerSample, odd);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(plane);
            ArrayPool<int>.Shared.Return(columnSums);
        }
    }

    private static int Read(Span<byte> frame, int sample, int bytesPerSample) =>
        bytesPerSample == 1 ? frame[sample] : BinaryPrimitives.ReadUInt16LittleEndian(frame[(2 * sample)..]);

    private static void Write(Span<byte> frame, int sample, int bytesPerSample, int value)
    {
        if (bytesPerSample == 1)
        {
            frame[sample] = (byte)value;
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(frame[(2 * sample)..], (ushort)value);
        }
    }
}
