using PacsViewer.Core.Dicom;

namespace PacsViewer.Tests.Core.Dicom;

public sealed class DicomVRInfoTests
{
    [Fact]
    public void All_CoversPs35Table621()
    {
        // PS3.5 Table 6.2-1, including OV, SV, UV, UC, UR and UT.
        var expected = "AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV".Split(' ');
        Assert.Equal(expected, DicomVRInfo.All.Select(v => v.Code()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("OB", true)]
    [InlineData("OV", true)]
    [InlineData("SV", true)]
    [InlineData("UV", true)]
    [InlineData("UC", true)]
    [InlineData("UR", true)]
    [InlineData("UT", true)]
    [InlineData("SQ", true)]
    [InlineData("US", false)]
    [InlineData("LO", false)]
    [InlineData("FD", false)]
    public void HasLongLength_PerPs35Section712(string code, bool longLength)
    {
        Assert.True(DicomVRInfo.TryParse(code, out var vr));
        Assert.Equal(longLength, vr.HasLongLength());
    }

    [Theory]
    [InlineData((byte)'X', (byte)'X')]
    [InlineData((byte)0, (byte)0)]
    [InlineData((byte)'o', (byte)'b')]
    public void TryFromBytes_NotInTable_IsFalse(byte first, byte second) => Assert.False(DicomVRInfo.TryFromBytes(first, second, out _));

    [Fact]
    public void ByteSwapUnit_MatchesValueWidth()
    {
        Assert.Equal(2, DicomVR.AT.ByteSwapUnit()); // two 16-bit numbers
        Assert.Equal(2, DicomVR.OW.ByteSwapUnit());
        Assert.Equal(8, DicomVR.UV.ByteSwapUnit());
        Assert.Equal(1, DicomVR.OB.ByteSwapUnit());
        Assert.Equal(1, DicomVR.LO.ByteSwapUnit());
    }
}
