using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Dicom.IO.Json;

namespace PacsViewer.Tests.Core.Dicom.IO.Json;

/// <summary>dataset -> DICOM JSON -> dataset over the sample corpus gives the same elements.</summary>
public class DicomJsonRoundTripTests
{
    private const long BulkThreshold = 256 * 1024;

    public static TheoryData<string> Files() => TestFiles.CorpusAndPydicomFileData();

    [Theory]
    [MemberData(nameof(Files))]
    public void SerializeThenParse_SampleFile_GivesSameElements(string path)
    {
        DicomFile file;
        try
        {
            file = DicomFile.Open(path, new DicomReaderOptions { DeferValuesLargerThan = BulkThreshold });
        }
        catch (DicomFormatException)
        {
            return; // only files that parse are round-tripped; SampleFiles_MostParse guards the count
        }
        var dataset = new DicomDataset(file.FileMetaInformation.Concat(file.Dataset));
        var bulk = new Dictionary<string, DicomElement>();
        var json = DicomJsonWriter.Serialize(dataset, new DicomJsonWriterOptions
        {
            // Pixel data and other large values as bulk data, the rest inline.
            BulkDataUriProvider = (tagPath, element) =>
            {
                if (element is DicomFragmentSequence || element.Length >= BulkThreshold || element.Tag == new DicomTag(0x7FE0, 0x0010))
                {
                    bulk[tagPath] = element;
                    return "bulk:" + tagPath;
                }
                return null;
            },
        });

        var back = DicomJsonReader.Parse(json, new DicomJsonReaderOptions
        {
            BulkDataResolver = (tagPath, vr, uri) =>
            {
                Assert.Equal("bulk:" + tagPath, uri);
                return bulk[tagPath] is DicomValueElement v ? v.Value : null;
            },
        });

        JsonRoundTripAssert.Same(dataset, back, "");
    }

    [Fact]
    public void SampleFiles_MostParse()
    {
        var files = TestFiles.SampleFilePaths().ToList();
        var parsed = files.Count(f =>
        {
            try
            {
                DicomFile.Open(f, new DicomReaderOptions { StopBeforePixelData = true });
                return true;
            }
            catch (DicomFormatException)
            {
                return false;
            }
        });

        Assert.True(files.Count > 100, $"only {files.Count} files in the manifest");
        Assert.True(parsed >= files.Count - 5, $"only {parsed} of {files.Count} sample files parse");
    }
}
