using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Imaging.Grayscale;

namespace PacsViewer.Tests.Core.Imaging.Grayscale;

public class LookupTableDataTests
{
    private static DicomDataset Item(ushort[] descriptor, ushort[] data)
    {
        static byte[] Bytes(ushort[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();
        return new DicomDataset([
            new DicomValueElement(DicomTags.LUTDescriptor, DicomVR.US, Bytes(descriptor)),
            new DicomValueElement(DicomTags.LUTData, DicomVR.OW, Bytes(data)),
        ]);
    }

    [Fact]
    public void FromItem_SignedInput_ReadsFirstMappedAsTwosComplement()
    {
        var lut = LookupTableData.FromItem(Item([3, 0xFFFE, 12], [10, 20, 30]), signedInput: true)!;

        Assert.Equal(-2, lut.FirstMapped);
        Assert.Equal(10, lut.Lookup(-100)); // below the first mapped value: first entry
        Assert.Equal(20, lut.Lookup(-1));
        Assert.Equal(30, lut.Lookup(5000)); // past the end: last entry
    }

    [Fact]
    public void FromItem_UnsignedInput_ReadsFirstMappedAsUnsigned()
    {
        Assert.Equal(65534, LookupTableData.FromItem(Item([3, 0xFFFE, 12], [10, 20, 30]), signedInput: false)!.FirstMapped);
    }

    [Fact]
    public void FromItem_ZeroEntries_Means65536()
    {
        var lut = LookupTableData.FromItem(Item([0, 0, 16], new ushort[65536]), false)!;

        Assert.Equal(65536, lut.NumberOfEntries);
    }

    [Fact]
    public void FromItem_EightBitEntriesPackedInWords_Unpacks()
    {
        var lut = LookupTableData.FromItem(Item([4, 0, 8], [0x0201, 0x0403]), false)!;

        Assert.Equal(new ushort[] { 1, 2, 3, 4 }, lut.Data.ToArray());
        Assert.Equal(255, lut.MaxOutput);
    }

    [Fact]
    public void Lookup_EntryAboveBitsPerEntry_IsMasked()
    {
        var lut = new LookupTableData(0, 12, [0xF123]);

        Assert.Equal(0x123, lut.Lookup(0));
    }
}
