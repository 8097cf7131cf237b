using System.Buffers.Binary;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Imaging.Color;

/// <summary>
/// The Red, Green and Blue Palette Color Lookup Tables of a PALETTE COLOR image (PS3.3 C.7.6.3.1.5-6, C.7.9),
/// expanded and reduced to 8 bits per entry. Immutable once built: one instance can serve every frame of an object.
/// </summary>
public sealed class PaletteColorLut
{
    /// <summary>More entries than a 16-bit descriptor can express are never produced.</summary>
    public const int MaxEntries = 65536;

    private readonly byte[] _red;
    private readonly byte[] _green;
    private readonly byte[] _blue;

    private PaletteColorLut(int firstMappedValue, byte[] red, byte[] green, byte[] blue)
    {
        FirstMappedValue = firstMappedValue;
        _red = red;
        _green = green;
        _blue = blue;
    }

    /// <summary>The stored pixel value mapped to entry 0 (second value of the descriptor).</summary>
    public int FirstMappedValue { get; }

    /// <summary>Number of entries (the descriptor's first value; 0 means 65536).</summary>
    public int EntryCount => _red.Length;

    public ReadOnlySpan<byte> Red => _red;

    public ReadOnlySpan<byte> Green => _green;

    public ReadOnlySpan<byte> Blue => _blue;

    /// <summary>
    /// Reads the three palettes from <paramref name="dataset"/>: Palette Color Lookup Table Data (0028,1201-1203) or,
    /// when absent, Segmented Palette Color Lookup Table Data (0028,1221-1223). Throws <see cref="PixelDataException"/>
    /// when a descriptor or table is missing or inconsistent.
    /// </summary>
    public static PaletteColorLut FromDataset(DicomDataset dataset)
    {
        var red = ReadChannel(dataset, DicomTags.RedPaletteColorLookupTableDescriptor, DicomTags.RedPaletteColorLookupTableData,
            DicomTags.SegmentedRedPaletteColorLookupTableData, "Red", out var first);
        var green = ReadChannel(dataset, DicomTags.GreenPaletteColorLookupTableDescriptor, DicomTags.GreenPaletteColorLookupTableData,
            DicomTags.SegmentedGreenPaletteColorLookupTableData, "Green", out _);
        var blue = ReadChannel(dataset, DicomTags.BluePaletteColorLookupTableDescriptor, DicomTags.BluePaletteColorLookupTableData,
            DicomTags.SegmentedBluePaletteColorLookupTableData, "Blue", out _);
        if (red.Length != green.Length || red.Length != blue.Length)
        {
            throw new PixelDataException($"the palette color lookup tables differ in length ({red.Length}, {green.Length}, {blue.Length})");
        }
        return new PaletteColorLut(first, red, green, blue);
    }

    /// <summary>
    /// Builds a palette from descriptor values and entries already at 8 bits (tests, presets).
    /// </summary>
    public static PaletteColorLut Create(int firstMappedValue, byte[] red, byte[] green, byte[] blue)
    {
        if (red.Length is 0 or > MaxEntries || red.Length != green.Length || red.Length != blue.Length)
        {
            throw new ArgumentException("the three palettes must have the same length, 1 to 65536 entries");
        }
        return new PaletteColorLut(firstMappedValue, [.. red], [.. green], [.. blue]);
    }

    /// <summary>
    /// Maps palette indices (8- or 16-bit little-endian containers, <paramref name="bytesPerSample"/> 1 or 2) to
    /// interleaved RGB24. Values below the first mapped value take entry 0, values past the last entry take the last
    /// (PS3.3 C.7.6.3.1.5).
    /// </summary>
    public void Apply(ReadOnlySpan<byte> indices, int bytesPerSample, int pixelCount, Span<byte> rgb)
    {
        if (bytesPerSample is not (1 or 2))
        {
            throw new PixelDataException($"PALETTE COLOR indices of {bytesPerSample * 8} bits are not supported (8 or 16)");
        }
        if (indices.Length < pixelCount * bytesPerSample || rgb.Length < pixelCount * 3)
        {
            throw new ArgumentException("buffers are shorter than the pixel count");
        }
        // One table over every possible index value folds the first-mapped offset and the clamping into a lookup.
        var span = bytesPerSample == 1 ? 256 : 65536;
        var map = System.Buffers.ArrayPool<ushort>.Shared.Rent(span);
        try
        {
            var last = _red.Length - 1;
            for (var v = 0; v < span; v++)
            {
                var e = v - FirstMappedValue;
                map[v] = (ushort)(e < 0 ? 0 : e > last ? last : e);
            }
            ReadOnlySpan<byte> r = _red, g = _green, b = _blue;
            if (bytesPerSample == 1)
            {
                for (var i = 0; i < pixelCount; i++)
                {
                    var e = map[indices[i]];
                    var o = i * 3;
                    rgb[o] = r[e];
                    rgb[o + 1] = g[e];
                    rgb[o + 2] = b[e];
                }
            }
            else
            {
                for (var i = 0; i < pixelCount; i++)
                {
                    var e = map[BinaryPrimitives.ReadUInt16LittleEndian(indices.Slice(i * 2, 2))];
                    var o = i * 3;
                    rgb[o] = r[e];
                    rgb[o + 1] = g[e];
                    rgb[o + 2] = b[e];
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<ushort>.Shared.Return(map);
        }
    }

    private static byte[] ReadChannel(DicomDataset dataset, DicomTag descriptorTag, DicomTag dataTag, DicomTag segmentedTag,
        string name, out int firstMappedValue)
    {
        // PS3.3 C.7.6.3.1.5: number of entries (0 means 65536), first stored value mapped, bits per entry (8 or 16).
        var descriptor = dataset.GetUInt16s(descriptorTag);
        if (descriptor.Length < 3)
        {
            throw new PixelDataException($"{name} Palette Color Lookup Table Descriptor {descriptorTag} is missing or has fewer than 3 values");
        }
        var entries = descriptor[0] == 0 ? MaxEntries : descriptor[0];
        // The first mapped value is US for unsigned indices (the only kind PALETTE COLOR allows in practice).
        firstMappedValue = descriptor[1];
        var bits = descriptor[2];
        if (bits is not (8 or 16))
        {
            throw new PixelDataException($"{name} palette has {bits} bits per entry (8 or 16 required, PS3.3 C.7.6.3.1.5)");
        }

        var data = dataset.GetBytes(dataTag).Span;
        if (!data.IsEmpty)
        {
            return FromTableData(data, entries, bits, name);
        }
        var segmented = dataset.GetBytes(segmentedTag).Span;
        if (segmented.IsEmpty)
        {
            throw new PixelDataException($"{name} Palette Color Lookup Table Data {dataTag} and its segmented form {segmentedTag} are both missing");
        }
        // PS3.3 C.7.9.2: segments are made of 16-bit words when the entries are 16-bit, of bytes when 8-bit.
        ushort[] words;
        if (bits == 16)
        {
            words = new ushort[segmented.Length / 2];
            for (var i = 0; i < words.Length; i++)
            {
                words[i] = BinaryPrimitives.ReadUInt16LittleEndian(segmented[(i * 2)..]);
            }
        }
        else
        {
            words = new ushort[segmented.Length];
            for (var i = 0; i < words.Length; i++)
            {
                words[i] = segmented[i];
            }
        }
        var expanded = SegmentedLut.Expand(words, entries);
        var result = new byte[entries];
        for (var i = 0; i < entries; i++)
        {
            result[i] = bits == 16 ? (byte)(expanded[i] >> 8) : (byte)expanded[i];
        }
        return result;
    }

    /// <summary>
    /// PS3.3 C.7.6.3.1.6: the table holds one entry per 16-bit word, or two 8-bit entries per word when the data
    /// is exactly one byte per entry. 16-bit entries keep their high byte (the top 8 of 16 bits).
    /// </summary>
    private static byte[] FromTableData(ReadOnlySpan<byte> data, int entries, int bits, string name)
    {
        var result = new byte[entries];
        if (data.Length == entries)
        {
            data[..entries].CopyTo(result);
            return result;
        }
        if (data.Length < entries * 2)
        {
            throw new PixelDataException($"{name} Palette Color Lookup Table Data has {data.Length} bytes, fewer than {entries} entries need");
        }
        // Words: a 16-bit table keeps the high byte; an 8-bit table stored in words keeps the low byte unless its
        // values only sit in the high byte (a writer that shifted them up).
        var shift = 8;
        if (bits == 8)
        {
            var anyHigh = false;
            for (var i = 0; i < entries && !anyHigh; i++)
            {
                anyHigh = BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]) > 0xFF;
            }
            shift = anyHigh ? 8 : 0;
        }
        for (var i = 0; i < entries; i++)
        {
            result[i] = (byte)(BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]) >> shift);
        }
        return result;
    }
}
