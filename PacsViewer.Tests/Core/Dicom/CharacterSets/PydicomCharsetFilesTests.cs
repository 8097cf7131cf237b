using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.CharacterSets;
using static PacsViewer.Tests.Core.Dicom.CharacterSets.CharsetBytes;

namespace PacsViewer.Tests.Core.Dicom.CharacterSets;

/// <summary>
/// Raw values of the public pydicom sample files (pydicom/data/charset_files), with the text pydicom 2.3.1 decodes
/// them to. pydicom drops trailing padding and empty trailing PN groups, so the decoded text is trimmed first.
/// </summary>
public sealed class PydicomCharsetFilesTests
{
    public static TheoryData<string, string[], string, string, string> Files => new()
    {
        { "chrArab PatientName", ["ISO_IR 127"], "PN", "E2 C8 C7 E6 EA 5E E4 E6 D2 C7 D1 20", "قباني^لنزار" },
        { "chrFren PatientName", ["ISO_IR 100"], "PN", "42 75 63 5E 4A E9 72 F4 6D 65", "Buc^Jérôme" },
        {
            "chrFrenMulti OtherPatientNames", ["ISO_IR 100"], "PN",
            "42 75 63 5E 4A E9 72 F4 6D 65 5C 42 75 63 5E 4A E9 72 F4 6D 65 20", "Buc^Jérôme\\Buc^Jérôme"
        },
        { "chrGerm PatientName", ["ISO_IR 100"], "PN", "C4 6E 65 61 73 5E 52 FC 64 69 67 65 72 20", "Äneas^Rüdiger" },
        { "chrGreek PatientName", ["ISO_IR 126"], "PN", "C4 E9 EF ED F5 F3 E9 EF F2 20", "Διονυσιος" },
        { "chrH31 PatientName", ["", "ISO 2022 IR 87"], "PN", DicomCharacterSetDecodeTests.AnnexH1, "Yamada^Tarou=山田^太郎=やまだ^たろう" },
        {
            "chrH32 PatientName", ["ISO 2022 IR 13", "ISO 2022 IR 87"], "PN", DicomCharacterSetDecodeTests.AnnexH2,
            "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"
        },
        { "chrHbrw PatientName", ["ISO_IR 138"], "PN", "F9 F8 E5 EF 5E E3 E1 E5 F8 E4", "שרון^דבורה" },
        { "chrI2 PatientName", ["", "ISO 2022 IR 149"], "PN", DicomCharacterSetDecodeTests.AnnexI, "Hong^Gildong=洪^吉洞=홍^길동" },
        {
            "chrJapMulti PatientName", ["", "ISO 2022 IR 87"], "PN",
            "1B 24 42 24 64 24 5E 24 40 1B 28 42 5E 1B 24 42 24 3F 24 6D 24 26 1B 28 42 20", "やまだ^たろう"
        },
        {
            "chrJapMulti OtherPatientNames", ["", "ISO 2022 IR 87"], "PN",
            "1B 24 42 24 64 24 5E 24 40 1B 28 42 5E 1B 24 42 24 3F 24 6D 24 26 1B 28 42 5C "
            + "1B 24 42 24 64 24 5E 24 40 1B 28 42 5E 1B 24 42 24 3F 24 6D 24 26 1B 28 42 20",
            "やまだ^たろう\\やまだ^たろう"
        },
        { "chrJapMulti PatientComments", ["", "ISO 2022 IR 87"], "LT", "1B 24 42 24 3F 24 6D 24 26 1B 28 42", "たろう" },
        {
            "chrJapMultiExplicitIR6 PatientName", ["ISO 2022 IR 6", "ISO 2022 IR 87"], "PN",
            "1B 24 42 24 64 24 5E 24 40 1B 28 42 5E 1B 24 42 24 3F 24 6D 24 26 1B 28 42 20", "やまだ^たろう"
        },
        { "chrKoreanMulti PatientName", ["", "ISO 2022 IR 149"], "PN", "1B 24 29 43 B1 E8 C8 F1 C1 DF 1B 28 42 20", "김희중" },
        {
            "chrKoreanMulti OtherPatientNames", ["", "ISO 2022 IR 149"], "PN",
            "1B 24 29 43 B1 E8 C8 F1 C1 DF 1B 28 42 5C 1B 24 29 43 B1 E8 C8 F1 C1 DF 1B 28 42 20", "김희중\\김희중"
        },
        { "chrKoreanMulti PatientComments", ["", "ISO 2022 IR 149"], "LT", "1B 24 29 43 B1 E8 C8 F1 C1 DF 1B 28 42 20", "김희중" },
        { "chrRuss PatientName", ["ISO_IR 144"], "PN", "BB EE DA 63 65 DC D1 79 70 D3", "Люкceмбypг" },
        { "chrX1 PatientName", ["ISO_IR 192"], "PN", DicomCharacterSetDecodeTests.AnnexJUtf8, "Wang^XiaoDong=王^小東" },
        { "chrX2 PatientName", ["GB18030"], "PN", DicomCharacterSetDecodeTests.AnnexJGb18030, "Wang^XiaoDong=王^小东" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Decode_PydicomSampleValue_MatchesPydicom(string sample, string[] terms, string vrCode, string hex, string expected)
    {
        var set = DicomCharacterSet.FromTerms(terms);
        Assert.True(DicomVRInfo.TryParse(vrCode, out var vr), sample);

        string decoded = DicomCharacterSet.TrimPadding(set.Decode(Hex(hex), vr));
        if (vr == DicomVR.PN)
        {
            decoded = decoded.TrimEnd('='); // pydicom's PersonName drops empty trailing component groups
        }

        Assert.Equal(expected, decoded);
        Assert.Empty(set.Warnings);
    }
}
