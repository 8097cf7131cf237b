using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO.Json;

namespace PacsViewer.Tests.Core.Dicom.IO.Json;

public class DicomJsonReaderTests
{
    [Fact]
    public void Parse_StringsAndNumbers_EncodesPs35ValuesPaddedEven()
    {
        var ds = DicomJsonReader.Parse("""
            {"00080008":{"vr":"CS","Value":["ORIGINAL",null,"X"]},
             "00080018":{"vr":"UI","Value":["1.2.3"]},
             "00281050":{"vr":"DS","Value":[40.50,"abc",-1.5E+3]},
             "00280010":{"vr":"US","Value":[512]},
             "00280106":{"vr":"SS","Value":[-2]},
             "00189087":{"vr":"FD","Value":[1000.25,"NaN"]},
             "00720082":{"vr":"UV","Value":[42,"18446744073709551615"]}}
            """);

        Assert.Equal(["ORIGINAL", "", "X"], ds.GetStrings(new DicomTag(0x0008, 0x0008)));
        Assert.Equal("1.2.3\0"u8.ToArray(), ds.GetBytes(new DicomTag(0x0008, 0x0018)).ToArray());
        Assert.Equal("40.50\\abc\\-1.5E+3 "u8.ToArray(), ds.GetBytes(new DicomTag(0x0028, 0x1050)).ToArray());
        Assert.Equal(512, ds.GetInt32(new DicomTag(0x0028, 0x0010), 0));
        Assert.Equal(-2, ds.GetInt32(new DicomTag(0x0028, 0x0106), 0));
        Assert.Equal(1000.25, ds.GetDouble(new DicomTag(0x0018, 0x9087), 0));
        Assert.True(double.IsNaN(ds.GetDouble(new DicomTag(0x0018, 0x9087), 0, 1)));
        var uv = ds.GetBytes(new DicomTag(0x0072, 0x0082)).ToArray();
        Assert.Equal(42UL, BitConverter.ToUInt64(uv, 0));
        Assert.Equal(ulong.MaxValue, BitConverter.ToUInt64(uv, 8));
    }

    [Fact]
    public void Parse_PersonName_JoinsGroupsWithEquals()
    {
        var ds = DicomJsonReader.Parse("""
            {"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^John","Phonetic":"do^jon"},null,{"Alphabetic":"X"}]}}
            """);

        Assert.Equal(["Doe^John==do^jon", "", "X"], ds.GetStrings(new DicomTag(0x0010, 0x0010)));
        Assert.Equal("John", ds.GetPersonName(new DicomTag(0x0010, 0x0010))!.Alphabetic.Given);
    }

    [Fact]
    public void Parse_AttributeTagSequenceAndEmpty_BuildsElements()
    {
        var ds = DicomJsonReader.Parse("""
            {"00205000":{"vr":"AT","Value":["00100010","7FE00010"]},
             "00081140":{"vr":"SQ","Value":[{"00081150":{"vr":"UI","Value":["1.2"]}},{}]},
             "00080050":{"vr":"SH"},
             "00400275":{"vr":"SQ"}}
            """);

        Assert.Equal([new DicomTag(0x0010, 0x0010), new DicomTag(0x7FE0, 0x0010)], ds.GetTags(new DicomTag(0x0020, 0x5000)));
        var items = ds.GetSequence(new DicomTag(0x0008, 0x1140));
        Assert.Equal(2, items.Count);
        Assert.Equal("1.2", items[0].GetFirstString(new DicomTag(0x0008, 0x1150)));
        Assert.Empty(items[1]);
        Assert.Equal(0, ds[new DicomTag(0x0008, 0x0050)]!.Length);
        Assert.Empty(ds.GetSequence(new DicomTag(0x0040, 0x0275)));
        Assert.IsType<DicomSequence>(ds[new DicomTag(0x0040, 0x0275)]);
    }

    [Fact]
    public void Parse_PrivateElements_SetsPrivateCreatorFromBlock()
    {
        var ds = DicomJsonReader.Parse("""
            {"00290010":{"vr":"LO","Value":["ACME 1.0"]},"00290011":{"vr":"LO","Value":["OTHER"]},
             "00291001":{"vr":"SH","Value":["a"]},"00291101":{"vr":"UN","InlineBinary":"AQI="}}
            """);

        Assert.Equal("ACME 1.0", ds[new DicomTag(0x0029, 0x1001)]!.PrivateCreator);
        Assert.Equal("OTHER", ds[new DicomTag(0x0029, 0x1101)]!.PrivateCreator);
        Assert.Equal(new byte[] { 1, 2 }, ds.GetBytes(new DicomTag(0x0029, 0x1101)).ToArray());
    }

    [Fact]
    public void Parse_BulkDataUriWithoutResolver_KeepsReference()
    {
        var ds = DicomJsonReader.Parse("""{"7FE00010":{"vr":"OW","BulkDataURI":"http://x/bulk"}}""");

        var element = Assert.IsType<DicomValueElement>(ds[new DicomTag(0x7FE0, 0x0010)]);
        var reference = Assert.IsType<DicomBulkDataReference>(element.Value);
        Assert.Equal("http://x/bulk", reference.Uri);
        Assert.Equal("7FE00010", reference.TagPath);
        Assert.Equal("""{"7FE00010":{"vr":"OW","BulkDataURI":"http://x/bulk"}}""", DicomJsonWriter.Serialize(ds));
    }

    [Fact]
    public void Parse_BulkDataUriWithResolver_UsesResolvedBytes()
    {
        var options = new DicomJsonReaderOptions
        {
            BulkDataResolver = (path, vr, uri) => path == "00081140/0/7FE00010" && vr == DicomVR.OB && uri == "u"
                ? DicomValueSource.FromMemory(new byte[] { 7, 8 }) : null,
        };

        var ds = DicomJsonReader.Parse("""{"00081140":{"vr":"SQ","Value":[{"7FE00010":{"vr":"OB","BulkDataURI":"u"}}]}}""", options);

        Assert.Equal(new byte[] { 7, 8 }, ds.GetSequence(new DicomTag(0x0008, 0x1140))[0].GetBytes(new DicomTag(0x7FE0, 0x0010)).ToArray());
    }

    [Theory]
    [InlineData("""[1,2]""", "top level")]
    [InlineData("""{"0010":{"vr":"LO"}}""", "eight hex digits")]
    [InlineData("""{"00100010":{"vr":"XX"}}""", "unknown VR")]
    [InlineData("""{"00280010":{"vr":"US","Value":[70000]}}""", "not a valid US")]
    [InlineData("""{"7FE00010":{"vr":"OB","Value":[1]}}""", "not allowed for OB")]
    [InlineData("""{"00100010":{"vr":"LO","InlineBinary":"AA=="}}""", "InlineBinary")]
    [InlineData("""{"00205000":{"vr":"AT","Value":["0010"]}}""", "AT value")]
    [InlineData("""{"00100010":""", "not valid JSON")]
    public void Parse_Invalid_ThrowsDicomFormatExceptionNamingProblem(string json, string expected)
    {
        var e = Assert.Throws<DicomFormatException>(() => DicomJsonReader.Parse(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SequencesDeeperThanLimit_Throws()
    {
        var json = """{"00081140":{"vr":"SQ","Value":[{"00081140":{"vr":"SQ","Value":[{"00081140":{"vr":"SQ","Value":[{}]}}]}}]}}""";

        var e = Assert.Throws<DicomFormatException>(() => DicomJsonReader.Parse(json, new DicomJsonReaderOptions { MaxSequenceDepth = 2 }));
        Assert.Contains("deeper than 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Stream_ReadsDataset()
    {
        using var stream = new MemoryStream("""{"00100020":{"vr":"LO","Value":["ID1"]}}"""u8.ToArray());

        var ds = await DicomJsonReader.ReadAsync(stream, null, CancellationToken.None);

        Assert.Equal("ID1", ds.GetFirstString(new DicomTag(0x0010, 0x0020)));
    }
}
