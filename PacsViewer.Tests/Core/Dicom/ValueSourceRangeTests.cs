using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO.Json;

namespace PacsViewer.Tests.Core.Dicom;

/// <summary>DicomValueSource.CopyTo(offset, destination): one range of a value, little endian, bounds checked.</summary>
public sealed class ValueSourceRangeTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"pacsviewer-range-{Guid.NewGuid():N}.bin");

    public void Dispose() => File.Delete(_path);

    [Theory]
    [InlineData(0, 8)]
    [InlineData(1, 4)]
    [InlineData(3, 3)]
    [InlineData(5, 5)]
    [InlineData(9, 1)]
    public void CopyTo_BigEndianFileRangeAtAnyOffset_MatchesSwappedWholeValue(int offset, int count)
    {
        // 7 bytes of other data, then a 10-byte OW value stored big endian: words 0x0102, 0x0304, ...
        byte[] file = [9, 9, 9, 9, 9, 9, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 9, 9];
        File.WriteAllBytes(_path, file);
        var source = new FileRangeValueSource(_path, 7, 10, swapUnit: 2);
        byte[] littleEndian = [2, 1, 4, 3, 6, 5, 8, 7, 10, 9];

        var destination = new byte[count];
        source.CopyTo(offset, destination);

        Assert.Equal(littleEndian.AsSpan(offset, count).ToArray(), destination);
        Assert.Equal(littleEndian, source.GetBytes().ToArray());
    }

    [Fact]
    public void CopyTo_FileRangeWithoutSwap_ReadsOnlyTheRange()
    {
        File.WriteAllBytes(_path, [0, 0, 1, 2, 3, 4, 5, 6]);
        var source = new FileRangeValueSource(_path, 2, 6);

        var destination = new byte[3];
        source.CopyTo(2, destination);

        Assert.Equal(new byte[] { 3, 4, 5 }, destination);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(4, 3)]
    [InlineData(7, 0)]
    public void CopyTo_RangeOutsideValue_ThrowsArgumentOutOfRange(long offset, int count)
    {
        File.WriteAllBytes(_path, [1, 2, 3, 4, 5, 6]);
        var file = new FileRangeValueSource(_path, 0, 6);
        var memory = DicomValueSource.FromMemory(new byte[6]);

        Assert.Throws<ArgumentOutOfRangeException>(() => file.CopyTo(offset, new byte[count]));
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.CopyTo(offset, new byte[count]));
    }

    [Fact]
    public void CopyTo_MemorySlice_CopiesRange()
    {
        var memory = DicomValueSource.FromMemory(new byte[] { 1, 2, 3, 4, 5 });

        var destination = new byte[2];
        memory.CopyTo(3, destination);

        Assert.Equal(new byte[] { 4, 5 }, destination);
    }

    [Fact]
    public void CopyTo_BulkDataReference_RefusesWithoutBytes()
    {
        var reference = new DicomBulkDataReference("http://example.invalid/bulk", "7FE00010");

        Assert.Throws<InvalidOperationException>(() => reference.CopyTo(0, new byte[1]));
    }
}
