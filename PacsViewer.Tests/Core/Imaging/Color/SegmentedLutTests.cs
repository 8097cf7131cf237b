using PacsViewer.Core.Codecs;
using PacsViewer.Core.Imaging.Color;

namespace PacsViewer.Tests.Core.Imaging.Color;

public class SegmentedLutTests
{
    [Fact]
    public void Expand_DiscreteLinearIndirect_FollowsPs3C792()
    {
        ushort[] data =
        [
            0, 2, 10, 20,   // discrete: 10, 20
            1, 4, 0,        // linear from 20 to 0 over 4: 15, 10, 5, 0
            2, 2, 0, 0,     // indirect: copy 2 segments from word offset 0: 10, 20, then linear from 20 to 0 again
        ];
        var lut = SegmentedLut.Expand(data, 12);
        Assert.Equal(new ushort[] { 10, 20, 15, 10, 5, 0, 10, 20, 15, 10, 5, 0 }, lut);
    }

    [Fact]
    public void Expand_LinearRounding_IsHalfToEven()
    {
        // 0 -> 3 over 2 steps: 1.5 rounds to 2 (even), then 3.
        var lut = SegmentedLut.Expand([0, 1, 0, 1, 2, 3], 3);
        Assert.Equal(new ushort[] { 0, 2, 3 }, lut);
    }

    [Fact]
    public void Expand_MoreEntriesThanDescriptor_Throws() =>
        Assert.Throws<PixelDataException>(() => SegmentedLut.Expand([0, 1, 5, 1, 60000, 9], 100));

    [Fact]
    public void Expand_FewerEntriesThanDescriptor_Throws() =>
        Assert.Throws<PixelDataException>(() => SegmentedLut.Expand([0, 2, 5, 6], 3));

    [Fact]
    public void Expand_LinearFirst_Throws() =>
        Assert.Throws<PixelDataException>(() => SegmentedLut.Expand([1, 2, 5], 2));

    [Fact]
    public void Expand_IndirectPointingAtItself_ThrowsInsteadOfLooping() =>
        Assert.Throws<PixelDataException>(() => SegmentedLut.Expand([0, 1, 7, 2, 0xFFFF, 3, 0], 65536));
}
