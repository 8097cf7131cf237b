using System.Text;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO.Json;

namespace PacsViewer.Tests.Core.Dicom.IO.Json;

public class DicomJsonWriterTests
{
    private static string Json(DicomDataset dataset, DicomJsonWriterOptions? options = null) => DicomJsonWriter.Serialize(dataset, options);

    private static DicomDatasetBuilder New() => new();

    [Fact]
    public void Serialize_StringVRs_WritesValueArraysTrimmed()
    {
        var ds = New()
            .Set(new DicomTag(0x0008, 0x0060), DicomVR.CS, "MR")
            .Set(new DicomTag(0x0008, 0x0008), DicomVR.CS, "ORIGINAL", "PRIMARY")
            .Set(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.3")
            .Set(new DicomTag(0x0008, 0x0020), DicomVR.DA, "20240131")
            .Set(new DicomTag(0x0010, 0x4000), DicomVR.LT, "a\\b ")
            .ToDataset();

        Assert.Equal(
            """{"00080008":{"vr":"CS","Value":["ORIGINAL","PRIMARY"]},"00080018":{"vr":"UI","Value":["1.2.3"]},"00080020":{"vr":"DA","Value":["20240131"]},"00080060":{"vr":"CS","Value":["MR"]},"00104000":{"vr":"LT","Value":["a\\b"]}}""",
            Json(ds));
    }

    [Fact]
    public void Serialize_DecimalAndIntegerStrings_WritesJsonNumbersKeepingDigits()
    {
        var ds = New()
            .Set(new DicomTag(0x0028, 0x1050), DicomVR.DS, "40.50", "-1.5E+3", "0")
            .Set(new DicomTag(0x0028, 0x1053), DicomVR.DS, "+2", ".5")
            .Set(new DicomTag(0x0020, 0x0013), DicomVR.IS, "007")
            .ToDataset();

        Assert.Equal(
            """{"00200013":{"vr":"IS","Value":[7]},"00281050":{"vr":"DS","Value":[40.50,-1.5E+3,0]},"00281053":{"vr":"DS","Value":[2,0.5]}}""",
            Json(ds));
    }

    [Fact]
    public void Serialize_InvalidDecimalString_KeepsTextAsJsonString()
    {
        // PS3.18 F.2.3 note: a string may be used to keep the original text.
        var ds = New().Set(new DicomTag(0x0028, 0x1052), DicomVR.DS, "abc", "1").ToDataset();

        Assert.Equal("""{"00281052":{"vr":"DS","Value":["abc",1]}}""", Json(ds));
    }

    [Fact]
    public void Serialize_EmptyValues_OmitsValueAndWritesNullForEmptyOfMany()
    {
        var ds = New()
            .Set(new DicomTag(0x0008, 0x0050), DicomVR.SH, "")
            .Set(new DicomTag(0x0008, 0x0008), DicomVR.CS, "A", "", "C")
            .Set(new DicomTag(0x0028, 0x1050), DicomVR.DS, "1", "")
            .SetUInt16(new DicomTag(0x0028, 0x0010))
            .SetSequence(new DicomTag(0x0008, 0x1140))
            .ToDataset();

        Assert.Equal(
            """{"00080008":{"vr":"CS","Value":["A",null,"C"]},"00080050":{"vr":"SH"},"00081140":{"vr":"SQ"},"00280010":{"vr":"US"},"00281050":{"vr":"DS","Value":[1,null]}}""",
            Json(ds));
    }

    [Fact]
    public void Serialize_PersonName_WritesComponentGroupObjects()
    {
        var ds = New()
            .Set(new DicomTag(0x0008, 0x0005), DicomVR.CS, "ISO_IR 100")
            .Set(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Müller^Jürgen=Ideo^Graphic=Pho^Netic")
            .Set(new DicomTag(0x0008, 0x0090), DicomVR.PN, "^Bob^^Dr.", "", "=Ideo")
            .ToDataset();

        Assert.Equal(
            """{"00080005":{"vr":"CS","Value":["ISO_IR 100"]},"00080090":{"vr":"PN","Value":[{"Alphabetic":"^Bob^^Dr."},null,{"Ideographic":"Ideo"}]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"Müller^Jürgen","Ideographic":"Ideo^Graphic","Phonetic":"Pho^Netic"}]}}""",
            Json(ds));
    }

    [Fact]
    public void Serialize_AttributeTag_WritesEightHexDigits()
    {
        var ds = New().SetTags(new DicomTag(0x0020, 0x5000), new DicomTag(0x0010, 0x0010), new DicomTag(0x7FE0, 0x0010)).ToDataset();

        Assert.Equal("""{"00205000":{"vr":"AT","Value":["00100010","7FE00010"]}}""", Json(ds));
    }

    [Fact]
    public void Serialize_BinaryNumbers_WritesJsonNumbers()
    {
        var ds = New()
            .SetUInt16(new DicomTag(0x0028, 0x0010), 512)
            .SetInt16(new DicomTag(0x0028, 0x0106), -32768)
            .SetUInt32(new DicomTag(0x0008, 0x1161), uint.MaxValue)
            .SetInt32(new DicomTag(0x0018, 0x9219), -7, 8)
            .SetFloat(new DicomTag(0x0018, 0x9089), 0.1f)
            .SetDouble(new DicomTag(0x0018, 0x9087), 1000.25, double.NaN)
            .ToDataset();

        Assert.Equal(
            """{"00081161":{"vr":"UL","Value":[4294967295]},"00189087":{"vr":"FD","Value":[1000.25,"NaN"]},"00189089":{"vr":"FL","Value":[0.1]},"00189219":{"vr":"SL","Value":[-7,8]},"00280010":{"vr":"US","Value":[512]},"00280106":{"vr":"SS","Value":[-32768]}}""",
            Json(ds));
    }

    [Fact]
    public void Serialize_VeryLongIntegers_WritesStringsBeyondTwoToThe53()
    {
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), 42UL);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 8), ulong.MaxValue);
        var ds = New().Add(new DicomValueElement(new DicomTag(0x0072, 0x0082), DicomVR.UV, bytes)).ToDataset();

        Assert.Equal("""{"00720082":{"vr":"UV","Value":[42,"18446744073709551615"]}}""", Json(ds));
    }

    [Fact]
    public void Serialize_Sequence_WritesNestedObjectsAndEmptyItems()
    {
        var item = New().Set(new DicomTag(0x0008, 0x1150), DicomVR.UI, "1.2").ToDataset();
        var ds = New().SetSequence(new DicomTag(0x0008, 0x1140), item, DicomDataset.Empty).ToDataset();

        Assert.Equal("""{"00081140":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":["1.2"]}},{}]}}""", Json(ds));
    }

    [Fact]
    public void Serialize_BinaryValue_WritesInlineBinaryBase64()
    {
        var ds = New().SetBytes(new DicomTag(0x0002, 0x0001), DicomVR.OB, new byte[] { 0, 1 }).ToDataset();

        Assert.Equal("""{"00020001":{"vr":"OB","InlineBinary":"AAE="}}""", Json(ds));
    }

    [Fact]
    public void Serialize_WithBulkDataProvider_WritesBulkDataUriWithTagPath()
    {
        var inner = New().SetBytes(new DicomTag(0x0009, 0x1001), DicomVR.OW, new byte[] { 1, 2, 3, 4 }).ToDataset();
        var ds = New()
            .SetSequence(new DicomTag(0x0008, 0x1140), inner)
            .SetBytes(new DicomTag(0x7FE0, 0x0010), DicomVR.OW, new byte[] { 9, 9 })
            .ToDataset();
        var paths = new List<string>();

        var json = Json(ds, new DicomJsonWriterOptions { BulkDataUriProvider = (path, _) => { paths.Add(path); return "bulk/" + path; } });

        Assert.Equal(
            """{"00081140":{"vr":"SQ","Value":[{"00091001":{"vr":"OW","BulkDataURI":"bulk/00081140/0/00091001"}}]},"7FE00010":{"vr":"OW","BulkDataURI":"bulk/7FE00010"}}""",
            json);
        Assert.Equal(["00081140/0/00091001", "7FE00010"], paths);
    }

    [Fact]
    public void Serialize_BinaryAboveInlineLimit_LeavesElementOut()
    {
        var ds = New()
            .SetBytes(new DicomTag(0x7FE0, 0x0010), DicomVR.OB, new byte[100])
            .Set(new DicomTag(0x0008, 0x0060), DicomVR.CS, "CT")
            .ToDataset();

        Assert.Equal("""{"00080060":{"vr":"CS","Value":["CT"]}}""", Json(ds, new DicomJsonWriterOptions { MaxInlineBinaryLength = 64 }));
    }

    [Fact]
    public void Serialize_EncapsulatedPixelData_NeverInline()
    {
        var fragments = new DicomFragmentSequence(new DicomTag(0x7FE0, 0x0010), DicomVR.OB, ReadOnlyMemory<byte>.Empty,
            [DicomValueSource.FromMemory(new byte[] { 0xFF, 0xD8 })]);
        var ds = new DicomDataset([fragments]);

        Assert.Equal("{}", Json(ds));
        Assert.Equal("""{"7FE00010":{"vr":"OB","BulkDataURI":"u"}}""",
            Json(ds, new DicomJsonWriterOptions { BulkDataUriProvider = (_, _) => "u" }));
    }

    [Fact]
    public void Serialize_PrivateElementsAndGroupLength_KeepsPrivateDropsGroupLength()
    {
        var ds = New()
            .SetUInt32(new DicomTag(0x0008, 0x0000), 10)
            .Set(new DicomTag(0x0029, 0x0010), DicomVR.LO, "ACME 1.0")
            .Set(new DicomTag(0x0029, 0x1001), DicomVR.SH, "x")
            .ToDataset();

        Assert.Equal("""{"00290010":{"vr":"LO","Value":["ACME 1.0"]},"00291001":{"vr":"SH","Value":["x"]}}""", Json(ds));
    }

    [Fact]
    public async Task WriteAsync_Stream_WritesSameJsonAsSerialize()
    {
        var ds = New().Set(new DicomTag(0x0010, 0x0020), DicomVR.LO, "ID").ToDataset();
        using var stream = new MemoryStream();

        await DicomJsonWriter.WriteAsync(stream, ds, null, CancellationToken.None);

        Assert.Equal(Json(ds), Encoding.UTF8.GetString(stream.ToArray()));
    }
}
