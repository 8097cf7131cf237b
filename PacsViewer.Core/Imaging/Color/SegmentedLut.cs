using PacsViewer.Core.Codecs;

namespace PacsViewer.Core.Imaging.Color;

/// <summary>
/// Expansion of Segmented Palette Color Lookup Table Data (PS3.3 C.7.9.2): discrete (opcode 0), linear (1) and
/// indirect (2) segments. Expansion is bounded by the descriptor's entry count: a table that would grow past it,
/// or stop short of it, is rejected.
/// </summary>
internal static class SegmentedLut
{
    /// <summary>Indirect segments may point at indirect segments; this bounds the chain.</summary>
    private const int MaxIndirectDepth = 8;

    public static ushort[] Expand(ReadOnlySpan<ushort> data, int expectedEntries)
    {
        var lut = new ushort[expectedEntries];
        var count = 0;
        // Zero-length segments reached through indirect ones expand to nothing but still cost time: bound the work.
        var budget = data.Length + 4 * PaletteColorLut.MaxEntries;
        ExpandSegments(data, 0, int.MaxValue, lut, ref count, ref budget, 0);
        if (count != expectedEntries)
        {
            throw new PixelDataException($"segmented palette expands to {count} entries, the descriptor says {expectedEntries} (PS3.3 C.7.9.2)");
        }
        return lut;
    }

    private static void ExpandSegments(ReadOnlySpan<ushort> data, int offset, int maxSegments, ushort[] lut, ref int count, ref int budget, int depth)
    {
        var segments = 0;
        // offset + 1 < length: a trailing pad word is not a segment (every segment is at least 2 words long).
        while (segments < maxSegments && offset + 1 < data.Length)
        {
            if (--budget < 0)
            {
                throw new PixelDataException("segmented palette data has too many segments (indirect segments loop)");
            }
            var opcode = data[offset];
            var length = data[offset + 1];
            offset += 2;
            switch (opcode)
            {
                case 0: // C.7.9.2.1 discrete: Segment Length entries follow
                    if (offset + length > data.Length)
                    {
                        throw new PixelDataException($"discrete segment of {length} entries runs past the end of the segmented palette data");
                    }
                    Reserve(lut, count, length);
                    data.Slice(offset, length).CopyTo(lut.AsSpan(count));
                    count += length;
                    offset += length;
                    break;
                case 1: // C.7.9.2.2 linear: from the previous end point (Xo, Yo) to (Xo + Segment Length, Y1)
                {
                    if (count == 0)
                    {
                        throw new PixelDataException("a linear segment cannot be the first segment (PS3.3 C.7.9.2.2)");
                    }
                    if (offset >= data.Length)
                    {
                        throw new PixelDataException("linear segment without its end value");
                    }
                    Reserve(lut, count, length);
                    int y0 = lut[count - 1], y1 = data[offset++];
                    for (var i = 1; i <= length; i++)
                    {
                        // Round half to even, as numpy's around (pydicom) does, so both expansions agree.
                        lut[count++] = (ushort)Math.Round(y0 + (double)(y1 - y0) * i / length, MidpointRounding.ToEven);
                    }
                    break;
                }
                case 2: // C.7.9.2.3 indirect: copy Segment Length segments found at a 32-bit offset (low word first)
                {
                    if (count == 0)
                    {
                        throw new PixelDataException("an indirect segment cannot be the first segment (PS3.3 C.7.9.2.3)");
                    }
                    if (depth >= MaxIndirectDepth)
                    {
                        throw new PixelDataException($"indirect segments nested deeper than {MaxIndirectDepth}");
                    }
                    if (offset + 1 >= data.Length)
                    {
                        throw new PixelDataException("indirect segment without its offset");
                    }
                    // The offset counts entries (words for 16-bit tables) from the start of the data, as GDCM and
                    // pydicom read it.
                    var target = (long)data[offset] | ((long)data[offset + 1] << 16);
                    offset += 2;
                    if (target >= data.Length)
                    {
                        throw new PixelDataException($"indirect segment offset {target} is past the end of the segmented palette data");
                    }
                    ExpandSegments(data, (int)target, length, lut, ref count, ref budget, depth + 1);
                    break;
                }
                default:
                    throw new PixelDataException($"unknown segment type {opcode} in segmented palette data (PS3.3 C.7.9.2)");
            }
            segments++;
        }
    }

    private static void Reserve(ushort[] lut, int count, int length)
    {
        if (count + length > lut.Length)
        {
            throw new PixelDataException($"segmented palette expands past the {lut.Length} entries the descriptor declares (PS3.3 C.7.9.2)");
        }
    }
}
