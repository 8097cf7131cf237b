using System.Text;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Tests.Core.Dicom;

public sealed class DicomDatasetTests
{
    private static DicomDataset With(params DicomElement[] elements) => new(elements);

    private static DicomValueElement Text(DicomTag tag, DicomVR vr, string value) => new(tag, vr, Encoding.Latin1.GetBytes(value));

    [Fact]
    public void Constructor_UnsortedWithDuplicates_SortsAndKeepsTheLast()
    {
        var ds = With(Text(DicomTags.Modality, DicomVR.CS, "CT"), Text(DicomTags.PatientID, DicomVR.LO, "A1"), Text(DicomTags.Modality, DicomVR.CS, "MR"));
        Assert.Equal([DicomTags.Modality, DicomTags.PatientID], ds.Select(e => e.Tag));
        Assert.Equal("MR", ds.GetString(DicomTags.Modality));
    }

    [Fact]
    public void GetStrings_Multivalued_SplitsAndTrimsPadding()
    {
        var ds = With(Text(DicomTags.ImageType, DicomVR.CS, "ORIGINAL\\PRIMARY\\AXIAL "), Text(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3\0"));
        Assert.Equal(["ORIGINAL", "PRIMARY", "AXIAL"], ds.GetStrings(DicomTags.ImageType));
        Assert.Equal("1.2.3", ds.GetFirstString(DicomTags.SOPInstanceUID));
        Assert.Empty(ds.GetStrings(DicomTags.PatientName));
        Assert.Null(ds.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void GetStrings_SingleValuedText_KeepsBackslashAndLeadingSpaces()
    {
        var ds = With(Text(DicomTags.ImageComments, DicomVR.LT, "  a\\b  "));
        Assert.Equal(["  a\\b"], ds.GetStrings(DicomTags.ImageComments));
    }

    [Fact]
    public void GetNumbers_DecimalStringWithInvalidValue_ReportsIt()
    {
        var ds = With(Text(DicomTags.WindowCenter, DicomVR.DS, " 40\\1.2.3\\-1.5e2 \\,5"));
        var numbers = ds.GetNumbers(DicomTags.WindowCenter);
        Assert.Equal([40, -150, 0.5], numbers.Values);
        Assert.Equal(["1.2.3"], numbers.Invalid);
        Assert.True(numbers.HasInvalid);
        Assert.True(ds.TryGetDouble(DicomTags.WindowCenter, out var first));
        Assert.Equal(40, first);
        Assert.False(ds.TryGetDouble(DicomTags.WindowCenter, out _, 1));
    }

    [Fact]
    public void TryGetInt32_IntegerStringAndBinary_Parse()
    {
        var ds = new DicomDatasetBuilder()
            .Set(DicomTags.InstanceNumber, DicomVR.IS, "+12 ")
            .Set(DicomTags.NumberOfFrames, DicomVR.IS, "3.0")
            .SetUInt16(DicomTags.Rows, 512, 7)
            .SetInt16(DicomTags.SmallestImagePixelValue, -1024)
            .ToDataset();
        Assert.Equal(12, ds.GetInt32(DicomTags.InstanceNumber, 0));
        Assert.Equal(3, ds.GetInt32(DicomTags.NumberOfFrames, 0)); // lenient: "3.0"
        Assert.Equal(7, ds.GetInt32(DicomTags.Rows, 0, index: 1));
        Assert.False(ds.TryGetInt32(DicomTags.Rows, out _, index: 2));
        Assert.Equal(-1024, ds.GetInt32(DicomTags.SmallestImagePixelValue, 0));
    }

    [Fact]
    public void GetDateTimeValues_ParsePs35Formats()
    {
        var ds = new DicomDatasetBuilder()
            .Set(DicomTags.StudyDate, DicomVR.DA, "20240229")
            .Set(DicomTags.StudyTime, DicomVR.TM, "0930")
            .Set(DicomTags.AcquisitionDateTime, DicomVR.DT, "20240229093015.5+0100")
            .Set(DicomTags.PatientBirthDate, DicomVR.DA, "1970.01.02")
            .ToDataset();
        Assert.Equal(new DateOnly(2024, 2, 29), ds.GetDate(DicomTags.StudyDate));
        Assert.Equal(new TimeOnly(9, 30), ds.GetTime(DicomTags.StudyTime));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 9, 30, 15, 500, TimeSpan.FromHours(1)), ds.GetDateTime(DicomTags.AcquisitionDateTime));
        Assert.Equal(new DateOnly(1970, 1, 2), ds.GetDate(DicomTags.PatientBirthDate));
    }

    [Theory]
    [InlineData("20231301")]
    [InlineData("2023")]
    [InlineData("20230230")]
    public void TryParseDate_Invalid_IsFalse(string text) => Assert.False(DicomDateTime.TryParseDate(text, out _));

    [Theory]
    [InlineData("2460")]
    [InlineData("12:3")]
    [InlineData("120000.1234567")]
    public void TryParseTime_Invalid_IsFalse(string text) => Assert.False(DicomDateTime.TryParseTime(text, out _));

    [Fact]
    public void GetPersonName_ThreeGroups_SplitsComponents()
    {
        var ds = new DicomDatasetBuilder().Set(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192")
            .Set(DicomTags.PatientName, DicomVR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう").ToDataset();
        var name = ds.GetPersonName(DicomTags.PatientName)!;
        Assert.Equal("Yamada", name.Alphabetic.Family);
        Assert.Equal("Tarou", name.Alphabetic.Given);
        Assert.Equal("山田", name.Ideographic.Family);
        Assert.Equal("たろう", name.Phonetic.Given);
        Assert.Equal("Yamada, Tarou", name.ToDisplayString());
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", name.ToString());
    }

    [Fact]
    public void Builder_TextInUtf8_IsEncodedThroughSpecificCharacterSet()
    {
        var ds = new DicomDatasetBuilder().Set(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192")
            .Set(DicomTags.PatientName, DicomVR.PN, "Buc^Jérôm").ToDataset();
        Assert.Equal(Encoding.UTF8.GetBytes("Buc^Jérôm "), ds.GetBytes(DicomTags.PatientName).ToArray()); // 11 bytes, padded with a space
        Assert.Equal("Buc^Jérôm", ds.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void Builder_Changes_LeaveTheSourceUnchanged()
    {
        var original = new DicomDatasetBuilder().Set(DicomTags.PatientID, DicomVR.LO, "A").ToDataset();
        var changed = original.ToBuilder().Set(DicomTags.PatientID, DicomVR.LO, "B").Remove(DicomTags.Modality).ToDataset();
        Assert.Equal("A", original.GetString(DicomTags.PatientID));
        Assert.Equal("B", changed.GetString(DicomTags.PatientID));
    }

    [Fact]
    public void SequenceItem_WithoutOwnCharacterSet_InheritsTheParents()
    {
        var parent = new DicomDatasetBuilder().Set(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100").ToDataset();
        var item = new DicomDataset([new DicomValueElement(DicomTags.PatientName, DicomVR.PN, new byte[] { (byte)'J', 0xE9, (byte)'r', (byte)'^' })], parent.CharacterSet);
        Assert.Equal("Jér^", item.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void GetTags_AttributeTag_ReadsGroupElementPairs()
    {
        var ds = new DicomDatasetBuilder().SetTags(DicomTags.FrameIncrementPointer, DicomTags.FrameTime).ToDataset();
        Assert.Equal([DicomTags.FrameTime], ds.GetTags(DicomTags.FrameIncrementPointer));
    }
}
