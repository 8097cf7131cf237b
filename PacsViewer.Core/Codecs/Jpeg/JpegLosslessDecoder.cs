using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PacsViewer.Core.Codecs.Jpeg;

/// <summary>
/// Huffman lossless JPEG (ITU-T T.81 Annex H, DICOM Process 14 and SV1), any predictor 0-7, precision 2-16,
/// point transform, restart intervals, interleaved or one scan per component. Samples are reconstructed modulo
/// 2^16 (T.81 H.2.1) straight into the caller's frame, so signed data keeps its two's complement bit pattern
/// (PS3.5 8.2.1). JpegLibrary is not used here: it applies the selected predictor on the first line of a scan,
/// where T.81 H.1.2.1 requires the one-dimensional predictor Ra, which corrupts frames with predictors 2-7.
/// </summary>
internal static class JpegLosslessDecoder
{
    /// <summary>Decodes <paramref name="jpeg"/> (headers already validated against <paramref name="info"/>).</summary>
    public static void Decode(ReadOnlySpan<byte> jpeg, JpegHeader header, FrameInfo info, Span<byte> destination)
    {
        if (header.Components.Any(c => c.HorizontalSampling != 1 || c.VerticalSampling != 1))
        {
            throw new PixelDataException("subsampled lossless JPEG components are not supported");
        }
        var tables = new JpegHuffmanTable?[4];
        var restartInterval = 0;
        var decodedComponents = new bool[header.Components.Count];
        var position = 2;
        while (true)
        {
            if (position + 1 >= jpeg.Length || jpeg[position] != 0xFF)
            {
                throw new PixelDataException($"the JPEG stream has no marker where one is expected at offset {position}");
            }
            var marker = jpeg[position + 1];
            position += 2;
            if (marker == 0xFF)
            {
                position--; // fill byte (T.81 B.1.1.2)
                continue;
            }
            if (marker == 0xD9)
            {
                break;
            }
            if (marker is (>= 0xD0 and <= 0xD7) or 0x01)
            {
                continue;
            }
            if (position + 2 > jpeg.Length)
            {
                throw new PixelDataException($"the JPEG marker segment FF{marker:X2} has no length");
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[position..]);
            if (length < 2 || position + length > jpeg.Length)
            {
                throw new PixelDataException($"the JPEG marker segment FF{marker:X2} at offset {position - 2} runs past the end");
            }
            var segment = jpeg.Slice(position + 2, length - 2);
            position += length;
            switch (marker)
            {
                case 0xC4: // DHT, T.81 B.2.4.2
                    while (segment.Length > 0)
                    {
                        var table = JpegHuffmanTable.Read(segment, out var tcth, out var consumed);
                        if ((tcth >> 4) == 0 && (tcth & 0x0F) < 4)
                        {
                            tables[tcth & 0x0F] = table;
                        }
                        segment = segment[consumed..];
                    }
                    break;
                case 0xDD: // DRI, T.81 B.2.4.4
                    if (segment.Length < 2)
                    {
                        throw new PixelDataException("the JPEG restart interval segment (DRI) is malformed");
                    }
                    restartInterval = BinaryPrimitives.ReadUInt16BigEndian(segment);
                    break;
                case 0xDA: // SOS, T.81 B.2.3
                    position = DecodeScan(jpeg, position, segment, header, info, tables, restartInterval, decodedComponents, destination);
                    break;
            }
        }
        if (decodedComponents.Any(d => !d))
        {
            throw new PixelDataException("the JPEG stream ends before every component has been coded (truncated frame)");
        }
        if (header.PointTransform > 0)
        {
            // T.81 H.1.2.1: the decoder output is scaled back by the point transform.
            var count = destination.Length / info.BytesPerSample;
            for (var i = 0; i < count; i++)
            {
                Write(destination, i, info.BytesPerSample, (Read(destination, i, info.BytesPerSample) << header.PointTransform) & ((1 << header.Precision) - 1));
            }
        }
    }

    private static int DecodeScan(ReadOnlySpan<byte> jpeg, int position, ReadOnlySpan<byte> scanHeader, JpegHeader header,
        FrameInfo info, JpegHuffmanTable?[] tables, int restartInterval, bool[] decodedComponents, Span<byte> destination)
    {
        int ns = scanHeader[0];
        var componentIndex = new int[ns];
        var componentTable = new JpegHuffmanTable[ns];
        for (var j = 0; j < ns; j++)
        {
            var selector = scanHeader[1 + 2 * j];
            var index = -1;
            for (var c = 0; c < header.Components.Count; c++)
            {
                if (header.Components[c].Identifier == selector)
                {
                    index = c;
                }
            }
            var table = tables[(scanHeader[2 + 2 * j] >> 4) & 0x03];
            if (index < 0 || decodedComponents[index] || table is null)
            {
                throw new PixelDataException($"the JPEG scan names component {selector}, which is unknown, repeated or has no Huffman table");
            }
            decodedComponents[index] = true;
            componentIndex[j] = index;
            componentTable[j] = table;
        }
        var predictor = scanHeader[1 + 2 * ns];
        var pointTransform = scanHeader[3 + 2 * ns] & 0x0F;
        if (predictor > 7 || pointTransform >= header.Precision)
        {
            throw new PixelDataException($"JPEG lossless predictor {predictor} / point transform {pointTransform} is not valid (T.81 H.1.2.1)");
        }

        var width = info.Columns;
        var height = info.Rows;
        var stride = info.SamplesPerPixel;
        var bytesPerSample = info.BytesPerSample;
        var mask = (1 << header.Precision) - 1;
        var initial = 1 << (header.Precision - pointTransform - 1);
        var reader = new JpegBitReader(jpeg, position);
        if (ns == 1 && stride == 1 && restartInterval == 0 && BitConverter.IsLittleEndian)
        {
            DecodeSingleComponent(ref reader, componentTable[0], predictor, width, height, mask, initial, bytesPerSample, destination);
            reader.AlignToByte();
            return reader.Position;
        }
        var mcusToRestart = restartInterval;
        // Start of scan and of each restart interval: the first sample gets 2^(P-Pt-1), the rest of that line Ra.
        var resetAtMcu = 0;
        long mcu = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++, mcu++)
            {
                if (restartInterval > 0 && mcusToRestart == 0)
                {
                    // T.81 F.1.2.3 / H.1.2.1: byte-align, expect RSTm, restart prediction.
                    reader.AlignToByte();
                    var p = reader.Position;
                    if (p + 1 >= jpeg.Length || jpeg[p] != 0xFF || jpeg[p + 1] is < 0xD0 or > 0xD7)
                    {
                        throw new PixelDataException($"the JPEG stream lacks an expected restart marker at offset {p} (corrupt data)");
                    }
                    reader = new JpegBitReader(jpeg, p + 2);
                    mcusToRestart = restartInterval;
                    resetAtMcu = (int)Math.Min(mcu, int.MaxValue);
                }
                mcusToRestart--;
                var firstLine = mcu - resetAtMcu < width;
                for (var j = 0; j < ns; j++)
                {
                    var c = componentIndex[j];
                    var sample = (y * width + x) * stride + c;
                    int prediction;
                    if (mcu == resetAtMcu)
                    {
                        prediction = initial;
                    }
                    else if (firstLine && x > 0)
                    {
                        prediction = Read(destination, sample - stride, bytesPerSample); // Ra
                    }
                    else if (x == 0)
                    {
                        prediction = Read(destination, sample - width * stride, bytesPerSample); // Rb
                    }
                    else
                    {
                        var ra = Read(destination, sample - stride, bytesPerSample);
                        var rb = Read(destination, sample - width * stride, bytesPerSample);
                        var rc = Read(destination, sample - width * stride - stride, bytesPerSample);
                        prediction = Predict(predictor, ra, rb, rc);
                    }
                    var difference = ReadDifference(ref reader, componentTable[j]);
                    Write(destination, sample, bytesPerSample, (prediction + difference) & 0xFFFF & mask);
                }
            }
        }
        reader.AlignToByte();
        return reader.Position;
    }

    /// <summary>
    /// The common case (one component, one scan, no restart intervals; SV1 is predictor 1) without the general loop's
    /// per-sample bookkeeping: the previous and current lines are kept as ints, each line's prediction is chosen once,
    /// and lines are written out as 8- or 16-bit samples. The same arithmetic as <see cref="DecodeScan"/>: T.81 H.1.2.1
    /// (first sample 2^(P-Pt-1), first line Ra, first column Rb) and Table H.1, modulo 2^16 then masked to P bits.
    /// </summary>
    private static void DecodeSingleComponent(ref JpegBitReader reader, JpegHuffmanTable table, int predictor, int width, int height,
        int mask, int initial, int bytesPerSample, Span<byte> destination)
    {
        var lines = ArrayPool<int>.Shared.Rent(2 * width);
        try
        {
            var previous = lines.AsSpan(0, width);
            var current = lines.AsSpan(width, width);
            for (var y = 0; y < height; y++)
            {
                if (y == 0)
                {
                    current[0] = (initial + ReadDifferenceFast(ref reader, table)) & mask;
                    for (var x = 1; x < current.Length; x++)
                    {
                        current[x] = (current[x - 1] + ReadDifferenceFast(ref reader, table)) & mask;
                    }
                }
                else
                {
                    current[0] = (previous[0] + ReadDifferenceFast(ref reader, table)) & mask;
                    switch (predictor)
                    {
                        case 1:
                            var ra = current[0];
                            for (var x = 1; x < current.Length; x++)
                            {
                                ra = (ra + ReadDifferenceFast(ref reader, table)) & mask;
                                current[x] = ra;
                            }
                            break;
                        case 2:
                            for (var x = 1; x < current.Length; x++)
                            {
                                current[x] = (previous[x] + ReadDifferenceFast(ref reader, table)) & mask;
                            }
                            break;
                        default:
                            for (var x = 1; x < current.Length; x++)
                            {
                                current[x] = (Predict(predictor, current[x - 1], previous[x], previous[x - 1]) + ReadDifferenceFast(ref reader, table)) & mask;
                            }
                            break;
                    }
                }
                if (bytesPerSample == 1)
                {
                    var row = destination.Slice(y * width, width);
                    for (var x = 0; x < row.Length; x++)
                    {
                        row[x] = (byte)current[x];
                    }
                }
                else
                {
                    var row = MemoryMarshal.Cast<byte, ushort>(destination.Slice(y * width * 2, width * 2));
                    for (var x = 0; x < row.Length; x++)
                    {
                        row[x] = (ushort)current[x];
                    }
                }
                var swap = previous;
                previous = current;
                current = swap;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(lines);
        }
    }

    // T.81 Table H.1
    private static int Predict(int predictor, int ra, int rb, int rc) => predictor switch
    {
        1 => ra,
        2 => rb,
        3 => rc,
        4 => ra + rb - rc,
        5 => ra + ((rb - rc) >> 1),
        6 => rb + ((ra - rc) >> 1),
        7 => (ra + rb) >> 1,
        _ => 0,
    };

    /// <summary>
    /// <see cref="ReadDifference"/> with one peek for a short Huffman code and its additional bits together (at most
    /// 9 + 15 bits); long codes and differences that do not fit take the general path. Consuming bits the segment
    /// does not have throws, as there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadDifferenceFast(ref JpegBitReader reader, JpegHuffmanTable table)
    {
        const int Window = 24;
        var bits = reader.Peek(Window);
        var entry = table.Entry(bits >> (Window - JpegHuffmanTable.LookupBits));
        var length = entry >> 8;
        var ssss = entry & 0xFF;
        if (entry == 0 || ssss > 16 || length + ssss > Window)
        {
            return ReadDifference(ref reader, table);
        }
        if (ssss == 0)
        {
            reader.Skip(length);
            return 0;
        }
        if (ssss == 16)
        {
            reader.Skip(length);
            return 32768;
        }
        var extra = (bits >> (Window - length - ssss)) & ((1 << ssss) - 1);
        reader.Skip(length + ssss);
        return extra < (1 << (ssss - 1)) ? extra - (1 << ssss) + 1 : extra;
    }

    /// <summary>T.81 H.1.2.2 / F.2.2.1: SSSS, then SSSS additional bits extended to a signed difference (16 means 32768).</summary>
    private static int ReadDifference(ref JpegBitReader reader, JpegHuffmanTable table)
    {
        var ssss = table.Decode(ref reader);
        if (ssss == 0)
        {
            return 0;
        }
        if (ssss == 16)
        {
            return 32768;
        }
        if (ssss > 16)
        {
            throw new PixelDataException($"the JPEG lossless difference category {ssss} is not valid (corrupt data)");
        }
        var bits = reader.ReadBits(ssss);
        return bits < (1 << (ssss - 1)) ? bits - (1 << ssss) + 1 : bits;
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
