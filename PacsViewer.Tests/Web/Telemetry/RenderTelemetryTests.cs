using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Telemetry;
using PacsViewer.Tests.Core.Telemetry;

namespace PacsViewer.Tests.Web.Telemetry;

/// <summary>
/// Real renders through the frame endpoint (signed in as a radiologist) of an RLE CT stored in the built-in archive:
/// each render is measured with its source kind, transfer syntax family and output format, and the decoded-frame cache
/// counts a miss for the first render and a hit for the second.
/// </summary>
public sealed class RenderTelemetryTests : IAsyncLifetime
{
    private const string Sample = "ct/CT2_RLE.dcm";

    private readonly PacsViewerWebApplicationFactory _factory = new();
    private HttpClient _client = null!;
    private string _instancePath = "";

    public async Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        await AppSignIn.SignInAsync(_client, AppSignIn.Radiologist);
        var file = DicomFile.Open(TestFiles.Sample(Sample));
        await _factory.Services.GetRequiredService<LocalArchive>().StoreAsync(file);
        var d = file.Dataset;
        _instancePath = $"/api/sources/archive/studies/{d.GetFirstString(DicomTags.StudyInstanceUID)}" +
            $"/series/{d.GetFirstString(DicomTags.SeriesInstanceUID)}/instances/{file.SopInstanceUid}";
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task RenderedEndpoint_TwoRenders_MeasuredWithTagsAndDecodedFrameCacheMissThenHit()
    {
        using var recorder = new TelemetryRecorder(_factory.Services.GetRequiredService<PacsViewerTelemetry>());

        using var jpeg = await _client.GetAsync(new Uri(_instancePath + "/frames/1/rendered?window=40,400&format=jpeg", UriKind.Relative));
        using var png = await _client.GetAsync(new Uri(_instancePath + "/frames/1/rendered?window=300,1500&format=png", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, jpeg.StatusCode);
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        var renders = recorder.Of("pacsviewer.frame.render.duration");
        Assert.Equal(2, renders.Count);
        Assert.All(renders, r =>
        {
            Assert.Equal("archive", r.Tag(PacsViewerTelemetry.SourceKindTag));
            Assert.Equal("rle", r.Tag(PacsViewerTelemetry.TransferSyntaxFamilyTag));
            Assert.InRange(r.Value, 1e-6, 60);
        });
        Assert.Equal(["jpeg", "png"], renders.Select(r => r.Tag(PacsViewerTelemetry.OutputFormatTag)).Order(StringComparer.Ordinal));
        Assert.Equal(1, recorder.Lookups(CacheNames.DecodedFrame, "miss"));
        Assert.Equal(1, recorder.Lookups(CacheNames.DecodedFrame, "hit"));
        Assert.Equal(2, recorder.Activities.Count(a => a.OperationName == "frame.render"));
        // Without Redis there is no shared cache to ask.
        Assert.Equal(0, recorder.Lookups(CacheNames.SharedFrame, "miss") + recorder.Lookups(CacheNames.SharedFrame, "hit"));
    }
}
