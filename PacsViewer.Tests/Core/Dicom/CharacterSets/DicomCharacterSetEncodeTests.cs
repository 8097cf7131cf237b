using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.CharacterSets;
using static PacsViewer.Tests.Core.Dicom.CharacterSets.CharsetBytes;

namespace PacsViewer.Tests.Core.Dicom.CharacterSets;

/// <summary>Encoding must give the exact bytes of the PS3.5 examples (padding excluded: Encode adds none).</summary>
public sealed class DicomCharacterSetEncodeTests
{
    [Fact]
    public void Encode_AnnexH1JapaneseIr87_GivesStandardBytes()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        byte[] bytes = set.Encode("Yamada^Tarou=山田^太郎=やまだ^たろう", DicomVR.PN);

        Assert.Equal(ToHex(Hex(DicomCharacterSetDecodeTests.AnnexH1)), ToHex(bytes));
    }

    [Fact]
    public void Encode_AnnexH2JapaneseIr13AndIr87_GivesStandardBytes()
    {
        var set = DicomCharacterSet.FromTerms(["ISO 2022 IR 13", "ISO 2022 IR 87"]);

        byte[] bytes = set.Encode("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", DicomVR.PN);

        Assert.Equal(ToHex(Hex(DicomCharacterSetDecodeTests.AnnexH2)), ToHex(bytes));
    }

    [Fact]
    public void Encode_AnnexIKoreanIr149_GivesStandardBytes()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 149"]);

        byte[] bytes = set.Encode("Hong^Gildong=洪^吉洞=홍^길동", DicomVR.PN);

        Assert.Equal(ToHex(Hex(DicomCharacterSetDecodeTests.AnnexI)), ToHex(bytes));
    }

    [Fact]
    public void Encode_AnnexK2ChineseIr58_GivesStandardBytesWithoutPadding()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 58"]);

        byte[] bytes = set.Encode("Zhang^XiaoDong=张^小东=", DicomVR.PN);

        Assert.Equal(ToHex(Hex(DicomCharacterSetDecodeTests.AnnexK2))[..^2], ToHex(bytes));
    }

    [Fact]
    public void Encode_AnnexK3ChineseIr58LongText_RedesignatesAfterEachLine()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 58"]);

        byte[] bytes = set.Encode("1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n", DicomVR.LT);

        Assert.Equal(ToHex(Hex(DicomCharacterSetDecodeTests.AnnexK3)), ToHex(bytes));
    }

    [Fact]
    public void Encode_Utf8_GivesAnnexJBytes()
    {
        var set = DicomCharacterSet.FromTerms(["ISO_IR 192"]);

        byte[] bytes = set.Encode("Wang^XiaoDong=王^小東=", DicomVR.PN);

        Assert.Equal(ToHex(Hex(DicomCharacterSetDecodeTests.AnnexJUtf8))[..^2], ToHex(bytes));
    }

    [Fact]
    public void Encode_Gb18030_GivesAnnexJBytes()
    {
        var set = DicomCharacterSet.FromTerms(["GB18030"]);

        byte[] bytes = set.Encode("Wang^XiaoDong=王^小东=", DicomVR.PN);

        Assert.Equal(ToHex(Hex(DicomCharacterSetDecodeTests.AnnexJGb18030)), ToHex(bytes));
    }

    [Theory]
    [InlineData("ISO_IR 100", "Buc^Jérôme", "42 75 63 5E 4A E9 72 F4 6D 65")]
    [InlineData("ISO_IR 126", "Διονυσιος", "C4 E9 EF ED F5 F3 E9 EF F2")]
    [InlineData("ISO_IR 144", "Люкceмбypг", "BB EE DA 63 65 DC D1 79 70 D3")]
    [InlineData("ISO_IR 127", "قباني^لنزار", "E2 C8 C7 E6 EA 5E E4 E6 D2 C7 D1")]
    [InlineData("ISO_IR 138", "שרון^דבורה", "F9 F8 E5 EF 5E E3 E1 E5 F8 E4")]
    [InlineData("ISO_IR 166", "ภาษาไทย", "C0 D2 C9 D2 E4 B7 C2")]
    [InlineData("ISO_IR 203", "€uro", "A4 75 72 6F")]
    public void Encode_SingleByteSet_GivesPydicomBytes(string term, string text, string hex)
    {
        var set = DicomCharacterSet.FromTerms([term]);

        Assert.Equal(ToHex(Hex(hex)), ToHex(set.Encode(text, DicomVR.PN)));
    }

    [Fact]
    public void Encode_JisX0212AndJisX0208_DesignatesEachAndReturnsToAscii()
    {
        // The same bytes pydicom 2.3 decodes to '丂^山' (see the decode test).
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 159", "ISO 2022 IR 87"]);

        byte[] bytes = set.Encode("丂^山", DicomVR.PN);

        Assert.Equal("1B24284430211B28425E1B24423B331B2842", ToHex(bytes));
    }

    [Fact]
    public void Encode_MultiValuedLo_ReturnsToAsciiBeforeEachBackslash()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        byte[] bytes = set.Encode("山\\田", DicomVR.LO);

        Assert.Equal(ToHex(Hex("1B 24 42 3B 33 1B 28 42 5C 1B 24 42 45 44 1B 28 42")), ToHex(bytes));
    }

    [Fact]
    public void Encode_CharacterMissingFromIso2022Sets_WritesQuestionMark()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        Assert.Equal(ToHex(Hex("3F 61 1B 24 42 3B 33 1B 28 42")), ToHex(set.Encode("😀a山", DicomVR.LO)));
    }

    [Fact]
    public void Encode_CharacterMissingFromSingleByteSet_WritesQuestionMark()
    {
        var set = DicomCharacterSet.FromTerms(["ISO_IR 100"]);

        Assert.Equal(ToHex(Hex("3F 61 E9")), ToHex(set.Encode("Ωaé", DicomVR.LO)));
    }

    [Fact]
    public void Encode_DefaultNonAscii_WritesQuestionMark()
    {
        Assert.Equal(ToHex(Hex("4A 3F 72")), ToHex(DicomCharacterSet.Default.Encode("Jér", DicomVR.PN)));
    }

    [Theory]
    [InlineData(new[] { "", "ISO 2022 IR 87" }, "LT", "検査\r\nCT 胸部\tやまだ")]
    [InlineData(new[] { "ISO 2022 IR 13", "ISO 2022 IR 87" }, "PN", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎")]
    [InlineData(new[] { "", "ISO 2022 IR 149" }, "LO", "김희중\\홍길동")]
    [InlineData(new[] { "", "ISO 2022 IR 58" }, "PN", "Zhang^XiaoDong=张^小东")]
    [InlineData(new[] { "ISO 2022 IR 100", "ISO 2022 IR 126" }, "LO", "Jérôme Διονυσιος")]
    [InlineData(new[] { "ISO_IR 192" }, "UT", "Ünïcödé 王 😀")]
    [InlineData(new[] { "GB18030" }, "ST", "中文 😀")]
    public void EncodeThenDecode_RepresentableText_RoundTrips(string[] terms, string vrCode, string text)
    {
        var set = DicomCharacterSet.FromTerms(terms);
        Assert.True(DicomVRInfo.TryParse(vrCode, out var vr));

        Assert.Equal(text, set.Decode(set.Encode(text, vr), vr));
    }
}
