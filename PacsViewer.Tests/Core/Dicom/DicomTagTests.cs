using PacsViewer.Core.Dicom;

namespace PacsViewer.Tests.Core.Dicom;

public sealed class DicomTagTests
{
    [Theory]
    [InlineData("(0010,0010)", 0x00100010u)]
    [InlineData("7FE0,0010", 0x7FE00010u)]
    [InlineData("0029100a", 0x0029100Au)]
    public void Parse_TextForms_GiveTheTag(string text, uint value) => Assert.Equal(value, DicomTag.Parse(text).Value);

    [Theory]
    [InlineData("")]
    [InlineData("(0010,001)")]
    [InlineData("GGGG,EEEE")]
    public void TryParse_Malformed_IsFalse(string text) => Assert.False(DicomTag.TryParse(text, out _));

    [Fact]
    public void Properties_PrivateAndCreator_FollowPs35Section78()
    {
        Assert.True(new DicomTag(0x0029, 0x1010).IsPrivate);
        Assert.False(new DicomTag(0x0029, 0x1010).IsPrivateCreator);
        Assert.True(new DicomTag(0x0029, 0x0010).IsPrivateCreator);
        Assert.False(new DicomTag(0x0007, 0x0010).IsPrivate); // groups 1, 3, 5, 7 are not private
        Assert.False(new DicomTag(0xFFFF, 0x0010).IsPrivate);
        Assert.True(new DicomTag(0x0028, 0x0000).IsGroupLength);
    }

    [Fact]
    public void ToString_AndJsonKey_UseUpperCaseHex()
    {
        var tag = new DicomTag(0x7FE0, 0x0010);
        Assert.Equal("(7FE0,0010)", tag.ToString());
        Assert.Equal("7FE00010", tag.ToJsonKey());
        Assert.True(new DicomTag(0x0008, 0x0005) < new DicomTag(0x0008, 0x0016));
    }
}
