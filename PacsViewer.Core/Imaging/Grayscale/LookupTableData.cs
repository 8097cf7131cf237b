using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Imaging.Grayscale;

/// <summary>
/// One item of a Modality LUT Sequence (0028,3000) or VOI LUT Sequence (0028,3010): LUT Descriptor (0028,3002),
/// LUT Data (0028,3006) and LUT Explanation (0028,3003), PS3.3 C.11.1.1.1 and C.11.2.1.1. Immutable.
/// </summary>
public sealed class LookupTableData
{
    private readonly ushort[] _data;

    public LookupTableData(int firstMapped, int bitsPerEntry, ushort[] data, string? explanation = null)
    {
        if (data.Length == 0)
        {
            throw new ArgumentException("a LUT needs at least one entry", nameof(data));
        }
        if (bitsPerEntry is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(bitsPerEntry), bitsPerEntry, "LUT entries have 1 to 16 bits");
        }
        FirstMapped = firstMapped;
        BitsPerEntry = bitsPerEntry;
        _data = data;
        Explanation = explanation;
    }

    /// <summary>The input value mapped to the first entry (second LUT Descriptor value).</summary>
    public int FirstMapped { get; }

    /// <summary>Bits per entry (third LUT Descriptor value): outputs run from 0 to 2^bits - 1.</summary>
    public int BitsPerEntry { get; }

    public int NumberOfEntries => _data.Length;

    public string? Explanation { get; }

    /// <summary>The largest output value the descriptor allows: 2^BitsPerEntry - 1.</summary>
    public int MaxOutput => (1 << BitsPerEntry) - 1;

    public ReadOnlySpan<ushort> Data => _data;

    /// <summary>
    /// The entry for input <paramref name="x"/>: inputs below the first mapped value take the first entry, inputs
    /// past the last take the last entry (PS3.3 C.11.1.1.1, C.11.2.1.1). Entries are masked to the bits per entry.
    /// </summary>
    public int Lookup(double x)
    {
        var index = Math.Floor(x) - FirstMapped;
        var i = index <= 0 ? 0 : index >= _data.Length - 1 ? _data.Length - 1 : (int)index;
        return _data[i] & MaxOutput;
    }

    /// <summary>
    /// Reads one LUT item. <paramref name="signedInput"/>: the LUT's input is two's complement (Pixel Representation 1
    /// for a Modality LUT), so the first mapped value, stored as US, is read as signed (PS3.3 C.11.1.1.1). Returns
    /// null when the descriptor or data is missing or unusable.
    /// </summary>
    public static LookupTableData? FromItem(DicomDataset item, bool signedInput)
    {
        var descriptor = item.GetUInt16s(DicomTags.LUTDescriptor);
        if (descriptor.Length < 3)
        {
            // Some writers use text (IS) or a numeric VR other than US/SS for the descriptor.
            var numbers = item.GetNumbers(DicomTags.LUTDescriptor).Values;
            if (numbers.Length < 3)
            {
                return null;
            }
            descriptor = [(ushort)(int)numbers[0], (ushort)(int)numbers[1], (ushort)(int)numbers[2]];
        }
        // PS3.3 C.11.1.1.1: 0 entries means 2^16.
        var entries = descriptor[0] == 0 ? 65536 : descriptor[0];
        int firstMapped = signedInput ? (short)descriptor[1] : descriptor[1];
        int bits = descriptor[2];
        var raw = item.GetUInt16s(DicomTags.LUTData);
        if (raw.Length == 0)
        {
            return null;
        }
        ushort[] data;
        if (bits == 8 && raw.Length == (entries + 1) / 2 && entries > 1)
        {
            // 8-bit entries packed two to a 16-bit word (low byte first), as some writers do for OW LUT Data.
            data = new ushort[entries];
            for (var i = 0; i < entries; i++)
            {
                data[i] = (ushort)((i & 1) == 0 ? raw[i / 2] & 0xFF : raw[i / 2] >> 8);
            }
        }
        else
        {
            data = raw.Length > entries ? raw[..entries] : raw;
        }
        if (bits is < 1 or > 16)
        {
            // Out-of-range bits per entry: take the smallest depth that holds every entry.
            var max = 0;
            foreach (var v in data)
            {
                max = Math.Max(max, v);
            }
            bits = Math.Max(1, 32 - int.LeadingZeroCount(max));
        }
        return new LookupTableData(firstMapped, bits, data, item.GetFirstString(DicomTags.LUTExplanation));
    }
}
