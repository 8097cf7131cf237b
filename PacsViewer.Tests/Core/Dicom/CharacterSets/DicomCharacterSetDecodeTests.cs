using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.CharacterSets;
using static PacsViewer.Tests.Core.Dicom.CharacterSets.CharsetBytes;

namespace PacsViewer.Tests.Core.Dicom.CharacterSets;

/// <summary>Decoding, checked against the worked examples of PS3.5 Annexes H to K and against pydicom 2.3.</summary>
public sealed class DicomCharacterSetDecodeTests
{
    // PS3.5 H.3.1: Yamada^Tarou=山田^太郎=やまだ^たろう with \ISO 2022 IR 87 (also pydicom's chrH31.dcm).
    internal const string AnnexH1 = "59 61 6D 61 64 61 5E 54 61 72 6F 75 3D 1B 24 42 3B 33 45 44 1B 28 42 5E 1B 24 42 42 40 4F 3A "
        + "1B 28 42 3D 1B 24 42 24 64 24 5E 24 40 1B 28 42 5E 1B 24 42 24 3F 24 6D 24 26 1B 28 42";

    // PS3.5 H.3.2: ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう with ISO 2022 IR 13\ISO 2022 IR 87 (also chrH32.dcm).
    internal const string AnnexH2 = "D4 CF C0 DE 5E C0 DB B3 3D 1B 24 42 3B 33 45 44 1B 28 4A 5E 1B 24 42 42 40 4F 3A 1B 28 4A 3D "
        + "1B 24 42 24 64 24 5E 24 40 1B 28 4A 5E 1B 24 42 24 3F 24 6D 24 26 1B 28 4A";

    // PS3.5 I.2: Hong^Gildong=洪^吉洞=홍^길동 with \ISO 2022 IR 149 (also chrI2.dcm).
    internal const string AnnexI = "48 6F 6E 67 5E 47 69 6C 64 6F 6E 67 3D 1B 24 29 43 FB F3 5E 1B 24 29 43 D1 CE D4 D7 3D "
        + "1B 24 29 43 C8 AB 5E 1B 24 29 43 B1 E6 B5 BF";

    // PS3.5 K.2: Zhang^XiaoDong=张^小东= with \ISO 2022 IR 58, padded with a space.
    internal const string AnnexK2 = "5A 68 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D 1B 24 29 41 D5 C5 5E 1B 24 29 41 D0 A1 B6 AB 3D 20";

    // PS3.5 K.3: three lines of LT with \ISO 2022 IR 58, each re-designating GB 2312 after CR LF.
    internal const string AnnexK3 = "31 2E 1B 24 29 41 B5 DA D2 BB D0 D0 CE C4 D7 D6 A1 A3 0D 0A "
        + "32 2E 1B 24 29 41 B5 DA B6 FE D0 D0 CE C4 D7 D6 A1 A3 0D 0A "
        + "33 2E 1B 24 29 41 B5 DA C8 FD D0 D0 CE C4 D7 D6 A1 A3 0D 0A";

    // PS3.5 J.2 / chrX1.dcm: Wang^XiaoDong=王^小東= in UTF-8, padded.
    internal const string AnnexJUtf8 = "57 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D E7 8E 8B 5E E5 B0 8F E6 9D B1 3D 20";

    // PS3.5 J.3 / chrX2.dcm: Wang^XiaoDong=王^小东= in GB18030.
    internal const string AnnexJGb18030 = "57 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D CD F5 5E D0 A1 B6 AB 3D";

    [Fact]
    public void Decode_AnnexH1JapaneseIr87_ReadsAllThreeComponentGroups()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", set.Decode(Hex(AnnexH1), DicomVR.PN));
    }

    [Fact]
    public void Decode_AnnexH2JapaneseIr13AndIr87_ReadsHalfWidthKatakanaAndKanji()
    {
        var set = DicomCharacterSet.FromTerms(["ISO 2022 IR 13", "ISO 2022 IR 87"]);

        Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", set.Decode(Hex(AnnexH2), DicomVR.PN));
    }

    [Fact]
    public void Decode_AnnexIKoreanIr149_ReadsHanjaAndHangul()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 149"]);

        Assert.Equal("Hong^Gildong=洪^吉洞=홍^길동", set.Decode(Hex(AnnexI), DicomVR.PN));
    }

    [Fact]
    public void Decode_AnnexK2ChineseIr58_ReadsNameAndKeepsPadding()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 58"]);

        string decoded = set.Decode(Hex(AnnexK2), DicomVR.PN);

        Assert.Equal("Zhang^XiaoDong=张^小东= ", decoded);
        Assert.Equal("Zhang^XiaoDong=张^小东=", DicomCharacterSet.TrimPadding(decoded));
    }

    [Fact]
    public void Decode_AnnexK3ChineseIr58LongText_ReadsEachLine()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 58"]);

        Assert.Equal("1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n", set.Decode(Hex(AnnexK3), DicomVR.LT));
    }

    [Fact]
    public void Decode_AnnexJUtf8_ReadsName()
    {
        var set = DicomCharacterSet.FromTerms(["ISO_IR 192"]);

        Assert.Equal("Wang^XiaoDong=王^小東=", DicomCharacterSet.TrimPadding(set.Decode(Hex(AnnexJUtf8), DicomVR.PN)));
    }

    [Theory]
    [InlineData("GB18030")]
    [InlineData("GBK")]
    public void Decode_AnnexJGb18030AndGbk_ReadsName(string term)
    {
        var set = DicomCharacterSet.FromTerms([term]);

        Assert.Equal("Wang^XiaoDong=王^小东=", set.Decode(Hex(AnnexJGb18030), DicomVR.PN));
    }

    [Fact]
    public void Decode_AnnexJ4Gb18030LongText_ReadsChineseBetweenAscii()
    {
        var set = DicomCharacterSet.FromTerms(["GB18030"]);
        byte[] line = Hex("54 68 65 20 66 69 72 73 74 20 6C 69 6E 65 20 69 6E 63 6C 75 64 65 73 D6 D0 CE C4 2E 0D 0A");

        Assert.Equal("The first line includes中文.\r\n", set.Decode(line, DicomVR.LT));
    }

    [Theory]
    [InlineData("ISO_IR 100", "42 75 63 5E 4A E9 72 F4 6D 65", "Buc^Jérôme")] // chrFren.dcm
    [InlineData("ISO_IR 100", "C4 6E 65 61 73 5E 52 FC 64 69 67 65 72", "Äneas^Rüdiger")] // chrGerm.dcm
    [InlineData("ISO_IR 101", "A3 F3 64 BC", "Łódź")]
    [InlineData("ISO_IR 109", "A1 47 B6", "ĦGĥ")]
    [InlineData("ISO_IR 110", "A1 B3", "Ąŗ")]
    [InlineData("ISO_IR 126", "C4 E9 EF ED F5 F3 E9 EF F2", "Διονυσιος")] // chrGreek.dcm
    [InlineData("ISO_IR 144", "BB EE DA 63 65 DC D1 79 70 D3", "Люкceмбypг")] // chrRuss.dcm
    [InlineData("ISO_IR 127", "E2 C8 C7 E6 EA 5E E4 E6 D2 C7 D1", "قباني^لنزار")] // chrArab.dcm
    [InlineData("ISO_IR 138", "F9 F8 E5 EF 5E E3 E1 E5 F8 E4", "שרון^דבורה")] // chrHbrw.dcm
    [InlineData("ISO_IR 148", "D0 FC 7A 65 6C", "Ğüzel")]
    [InlineData("ISO_IR 203", "A4 75 72 6F", "€uro")]
    [InlineData("ISO_IR 166", "C0 D2 C9 D2 E4 B7 C2", "ภาษาไทย")]
    [InlineData("ISO_IR 13", "D4 CF C0 DE", "ﾔﾏﾀﾞ")]
    public void Decode_SingleByteSet_ReadsLanguage(string term, string hex, string expected)
    {
        var set = DicomCharacterSet.FromTerms([term]);

        Assert.Equal(expected, set.Decode(Hex(hex), DicomVR.PN));
    }

    [Fact]
    public void Decode_Iso2022SingleByteSets_SwitchesG1AndResetsAtComponentDelimiter()
    {
        var set = DicomCharacterSet.FromTerms(["ISO 2022 IR 100", "ISO 2022 IR 144"]);

        Assert.Equal("é^Лю^é", set.Decode(Hex("E9 5E 1B 2D 4C BB EE 5E E9"), DicomVR.PN));
    }

    [Fact]
    public void Decode_JisX0212_ReadsSupplementaryKanji()
    {
        // Reference: pydicom 2.3 decodes these bytes with \ISO 2022 IR 159\ISO 2022 IR 87 to '丂^山'.
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 159", "ISO 2022 IR 87"]);

        Assert.Equal("丂^山", set.Decode(Hex("1B 24 28 44 30 21 1B 28 42 5E 1B 24 42 3B 33 1B 28 42"), DicomVR.PN));
    }

    [Fact]
    public void Decode_TwoByteG0ContainingCaret_IsNotSplitAtTheCaret()
    {
        // ま is 24 5E in JIS X 0208: the 5EH is half a character, not a component delimiter.
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        Assert.Equal("ま", set.Decode(Hex("1B 24 42 24 5E 1B 28 42"), DicomVR.PN));
    }

    [Fact]
    public void Decode_PnComponentDelimiter_ResetsG1ToInitial()
    {
        // PS3.5 6.1.2.5.3: after ^ the initial sets are active, so FB F3 is no longer KS X 1001.
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 149"]);

        Assert.Equal("洪^ûó", set.Decode(Hex("1B 24 29 43 FB F3 5E FB F3"), DicomVR.PN));
    }

    [Fact]
    public void Decode_CaretInLongText_DoesNotReset()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 149"]);

        Assert.Equal("洪^洪", set.Decode(Hex("1B 24 29 43 FB F3 5E FB F3"), DicomVR.LT));
    }

    [Fact]
    public void Decode_ValueDelimiterInLo_ResetsButNotInLongText()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 149"]);
        byte[] bytes = Hex("1B 24 29 43 FB F3 5C FB F3");

        Assert.Equal("洪\\ûó", set.Decode(bytes, DicomVR.LO));
        Assert.Equal("洪\\洪", set.Decode(bytes, DicomVR.LT));
    }

    [Fact]
    public void Decode_LineBreakInText_ResetsG1ToInitial()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 58"]);

        Assert.Equal("张\r\nÕÅ", set.Decode(Hex("1B 24 29 41 D5 C5 0D 0A D5 C5"), DicomVR.ST));
    }

    [Fact]
    public void Decode_TabInText_ResetsG0ToInitial()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        // After TAB, 3B 33 is ASCII again (";3"), not 山.
        Assert.Equal("山\t;3", set.Decode(Hex("1B 24 42 3B 33 09 3B 33"), DicomVR.LT));
    }

    [Fact]
    public void Decode_DefaultWithHighBytes_ReadsLatin1Leniently()
    {
        Assert.Equal("Jérôme", DicomCharacterSet.Default.Decode(Hex("4A E9 72 F4 6D 65"), DicomVR.PN));
    }

    [Fact]
    public void Decode_VrWithoutSpecificCharacterSet_UsesDefaultRepertoire()
    {
        var set = DicomCharacterSet.FromTerms(["ISO_IR 192"]);

        Assert.Equal("Ã©", set.Decode(Hex("C3 A9"), DicomVR.CS));
        Assert.Equal("é", set.Decode(Hex("C3 A9"), DicomVR.UC));
    }

    [Fact]
    public void Decode_UnknownEscapeSequence_KeepsItsBytes()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        Assert.Equal("\u001B(ZA", set.Decode(Hex("1B 28 5A 41"), DicomVR.LO));
    }

    [Fact]
    public void Decode_TruncatedTwoByteCharacter_GivesReplacementCharacter()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        Assert.Equal("山\uFFFD", set.Decode(Hex("1B 24 42 3B 33 45"), DicomVR.LO));
    }

    [Fact]
    public void Decode_Empty_ReturnsEmptyString()
    {
        Assert.Equal(string.Empty, DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]).Decode([], DicomVR.PN));
    }

    [Fact]
    public void TrimPadding_TrailingSpaceAndNul_AreRemovedLeadingKept()
    {
        Assert.Equal(" Chest", DicomCharacterSet.TrimPadding(" Chest \0"));
    }
}
