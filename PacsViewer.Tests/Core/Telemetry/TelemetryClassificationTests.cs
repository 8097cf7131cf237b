using PacsViewer.Core.Dicom;
using PacsViewer.Core.Network.DicomWeb;
using PacsViewer.Core.Telemetry;

namespace PacsViewer.Tests.Core.Telemetry;

public sealed class TelemetryClassificationTests
{
    [Theory]
    [InlineData("GET", "http://pacs/dicom-web/studies?PatientID=1", "QIDO")]
    [InlineData("GET", "http://pacs/dicom-web/studies/1.2/series", "QIDO")]
    [InlineData("GET", "http://pacs/dicom-web/studies/1.2/series/1.3/instances/", "QIDO")]
    [InlineData("GET", "http://pacs/dicom-web/studies/1.2/series/1.3/metadata", "WADO")]
    [InlineData("GET", "http://pacs/dicom-web/studies/1.2/series/1.3/instances/1.4/frames/1", "WADO")]
    [InlineData("GET", "http://pacs/dicom-web/studies/1.2/series/1.3/instances/1.4", "WADO")]
    [InlineData("POST", "http://pacs/dicom-web/studies", "STOW")]
    public void Operation_DicomWebRequest_NamesItsService(string method, string url, string expected) =>
        Assert.Equal(expected, DicomWebTelemetryHandler.Operation(new HttpMethod(method), new Uri(url)));

    [Theory]
    [InlineData("1.2.840.10008.1.2", "uncompressed")]
    [InlineData("1.2.840.10008.1.2.1", "uncompressed")]
    [InlineData("1.2.840.10008.1.2.5", "rle")]
    [InlineData("1.2.840.10008.1.2.4.50", "jpeg")]
    [InlineData("1.2.840.10008.1.2.4.70", "jpeg")]
    [InlineData("1.2.840.10008.1.2.4.80", "jpeg-ls")]
    [InlineData("1.2.840.10008.1.2.4.90", "jpeg2000")]
    [InlineData("1.2.840.10008.1.2.4.201", "htj2k")]
    [InlineData("1.2.840.10008.1.2.4.102", "video")]
    [InlineData("1.2.840.10008.1.2.1.99", "deflate")]
    public void Of_KnownTransferSyntax_NamesItsFamily(string uid, string family) =>
        Assert.Equal(family, TransferSyntaxFamily.Of(DicomTransferSyntax.FromUid(uid)));
}
