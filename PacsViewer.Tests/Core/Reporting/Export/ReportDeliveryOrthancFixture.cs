using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Reporting.Export;

/// <summary>
/// One Orthanc for the delivery tests, holding one MR image of the study being reported: a corpus image given a
/// synthetic patient and fresh UIDs, so the reports go to a study no other test touches.
/// </summary>
public sealed class ReportDeliveryOrthancFixture : IAsyncLifetime
{
    private const string Image = "series/mr_brain_ge_axial_pd/brain_001.dcm";

    private OrthancServer? _orthanc;
    private HttpClient? _http;
    private DicomDataset? _image;

    private readonly TempDirectory _temp = new("pacsviewer-report-delivery-");

    /// <summary>A scratch folder deleted with the fixture.</summary>
    public string TempPath => _temp.Path;

    public OrthancServer Orthanc => _orthanc ?? throw new InvalidOperationException("the fixture has not started");

    /// <summary>An HttpClient on Orthanc's DICOMweb root.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("the fixture has not started");

    /// <summary>The image stored in Orthanc.</summary>
    public DicomDataset ImageDataset => _image ?? throw new InvalidOperationException("the fixture has not started");

    public async Task InitializeAsync()
    {
        _orthanc = await OrthancServer.StartAsync();
        _image = DicomFile.Open(TestFiles.Sample(Image)).Dataset.ToBuilder()
            .Set(DicomTags.PatientName, "Tester^Tina")
            .Set(DicomTags.PatientID, "PV-DELIVERY-1")
            .Set(DicomTags.StudyInstanceUID, ReportSamples.NewUid())
            .Set(DicomTags.SeriesInstanceUID, ReportSamples.NewUid())
            .Set(DicomTags.SOPInstanceUID, ReportSamples.NewUid())
            .ToDataset();
        var path = _temp.File("image.dcm");
        await using (var stream = File.Create(path))
        {
            DicomFileWriter.Write(stream, _image);
        }
        if (await _orthanc.UploadAsync(path) is null)
        {
            throw new InvalidOperationException($"Orthanc refused the test image:\n{_orthanc.LogTail}");
        }
        _http = new HttpClient { BaseAddress = _orthanc.DicomWebRoot };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_orthanc is not null)
        {
            await _orthanc.DisposeAsync();
        }
        _temp.Dispose();
    }
}
