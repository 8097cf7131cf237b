using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.DicomWeb;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Network.DicomWeb;

/// <summary>STOW-RS into an empty Orthanc of its own, then read back with WADO-RS and compared with the files.</summary>
public sealed class DicomWebClientStowTests : IAsyncLifetime
{
    private OrthancServer? _orthanc;
    private HttpClient? _http;

    private OrthancServer Orthanc => _orthanc!;

    private DicomWebClient Client => new(_http!);

    public async Task InitializeAsync()
    {
        _orthanc = await OrthancServer.StartAsync();
        _http = new HttpClient { BaseAddress = _orthanc.DicomWebRoot };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_orthanc is not null)
        {
            await _orthanc.DisposeAsync();
        }
    }

    [Fact]
    public async Task StoreFilesAsync_SampleFiles_ReportsEachStoredAndReadsBackEqual()
    {
        string[] samples = ["series/mr_brain_ge_axial_pd/brain_004.dcm", "series/mr_brain_ge_axial_pd/brain_005.dcm", "ct/CT2_RLE.dcm",
            "mr/emri_small_jpeg_ls_lossless.dcm", "us/US-PAL-8-10x-echo.dcm"];
        var files = samples.Select(s => DicomFile.Open(TestFiles.Sample(s))).ToArray();

        var result = await Client.StoreFilesAsync(samples.Select(TestFiles.Sample).ToArray());

        Assert.Equal(200, result.StatusCode);
        Assert.True(result.AllStored);
        Assert.Empty(result.Failures);
        Assert.Equal(files.Select(f => f.SopInstanceUid!).Order(), result.StoredSopInstanceUids.Order());
        Assert.Equal(samples.Length, (await Orthanc.InstanceIdsAsync()).Count);
        foreach (var file in files)
        {
            var d = file.Dataset;
            var back = await Client.RetrieveInstanceAsync(d.GetFirstString(DicomTags.StudyInstanceUID)!, d.GetFirstString(DicomTags.SeriesInstanceUID)!, file.SopInstanceUid!);
            Assert.Equal(file.TransferSyntax.Uid, back.TransferSyntax.Uid);
            DatasetAssert.Equal(d, back.Dataset, e => e.Tag.IsGroupLength);
        }
    }

    [Fact]
    public async Task StoreAsync_DicomFileObjects_AreWrittenPartByPartAndReadBackEqual()
    {
        var files = new[] { "charset/chrRuss.dcm", "nm_pt/NM-MONO2-16-13x-heart.dcm" }.Select(s => DicomFile.Open(TestFiles.Sample(s))).ToArray();

        var result = await Client.StoreAsync(files);

        Assert.True(result.AllStored);
        Assert.Equal(files.Select(f => f.SopInstanceUid!).Order(), result.StoredSopInstanceUids.Order());
        foreach (var file in files)
        {
            var d = file.Dataset;
            var back = await Client.RetrieveInstanceAsync(d.GetFirstString(DicomTags.StudyInstanceUID)!, d.GetFirstString(DicomTags.SeriesInstanceUID)!, file.SopInstanceUid!);
            DatasetAssert.Equal(d, back.Dataset, e => e.Tag.IsGroupLength);
        }
    }

    [Fact]
    public async Task StoreAsync_InstanceOfAnotherStudy_IsReportedAsFailed()
    {
        var file = DicomFile.Open(TestFiles.Sample("sc/SC_rgb_small_odd.dcm"));

        var result = await Client.StoreAsync([file], studyInstanceUid: "1.2.826.0.1.3680043.2.1143.999");

        Assert.False(result.AllStored);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(file.SopInstanceUid, failure.SopInstanceUid);
        Assert.NotNull(failure.FailureReason);
        Assert.Empty(await Orthanc.InstanceIdsAsync());
    }
}
