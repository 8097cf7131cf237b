using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Telemetry;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Telemetry;

/// <summary>
/// PACS round trips measured against a real Orthanc: a C-FIND and a C-ECHO through <see cref="DicomClient"/>, and a
/// QIDO-RS and a WADO-RS through a DICOMweb source's HttpClient from <see cref="IHttpClientFactory"/> (the handler is
/// put in by <see cref="TelemetryRegistration"/>'s filter, as in the app).
/// </summary>
[Collection(OrthancCollection.Name)]
public sealed class PacsRoundTripOrthancTests(OrthancFixture orthanc) : IDisposable
{
    private readonly ServiceProvider _services = NewServices(orthanc.Server.DicomWebRoot);

    private static CancellationToken Hang => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    private PacsViewerTelemetry Telemetry => _services.GetRequiredService<PacsViewerTelemetry>();

    private static ServiceProvider NewServices(Uri dicomWebRoot)
    {
        var services = new ServiceCollection();
        TelemetryRegistration.AddPacsViewerTelemetry(services);
        services.AddHttpClient("dicomweb:orthanc", client => client.BaseAddress = dicomWebRoot);
        return services.BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task FindAsync_Orthanc_RecordsOneSuccessfulCFindWithItsSpan()
    {
        using var recorder = new TelemetryRecorder(Telemetry);
        var client = new DicomClient(new DicomClientOptions { CallingAeTitle = "PVTELEMETRY", Telemetry = Telemetry });
        var peer = new DicomPeer("127.0.0.1", orthanc.Server.DicomPort, orthanc.Server.AeTitle);
        var identifier = new DicomDatasetBuilder().Set(DicomTags.StudyInstanceUID).Set(DicomTags.PatientID).ToDataset();

        var found = 0;
        await foreach (var _ in client.FindAsync(peer, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Study, identifier, Hang))
        {
            found++;
        }

        Assert.True(found > 0, "Orthanc answered no study");
        var trip = Assert.Single(recorder.Of("pacsviewer.pacs.duration"));
        Assert.Equal(PacsOperations.Find, trip.Tag(PacsViewerTelemetry.OperationTag));
        Assert.Equal("success", trip.Tag(PacsViewerTelemetry.OutcomeTag));
        Assert.InRange(trip.Value, 1e-6, 120);
        var span = Assert.Single(recorder.Activities);
        Assert.Equal("C-FIND", span.OperationName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(orthanc.Server.DicomPort, span.GetTagItem("server.port"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
    }

    [Fact]
    public async Task EchoAsync_NobodyListening_RecordsAFailure()
    {
        using var recorder = new TelemetryRecorder(Telemetry);
        var client = new DicomClient(new DicomClientOptions { Telemetry = Telemetry });
        // Nothing listens on this port: the association cannot be opened.
        var peer = new DicomPeer("127.0.0.1", LoopbackPort.Free(), "NOBODY");

        await Assert.ThrowsAnyAsync<Exception>(() => client.EchoAsync(peer, Hang));

        var trip = Assert.Single(recorder.Of("pacsviewer.pacs.duration"));
        Assert.Equal(PacsOperations.Echo, trip.Tag(PacsViewerTelemetry.OperationTag));
        Assert.Equal("failure", trip.Tag(PacsViewerTelemetry.OutcomeTag));
        Assert.Equal(ActivityStatusCode.Error, Assert.Single(recorder.Activities).Status);
    }

    [Fact]
    public async Task DicomWebSource_SearchAndMetadata_RecordsQidoAndWado()
    {
        using var recorder = new TelemetryRecorder(Telemetry);
        var factory = _services.GetRequiredService<IHttpClientFactory>();
        var source = new DicomWebStudySource("orthanc", () => factory.CreateClient("dicomweb:orthanc"));

        string? study = null;
        await foreach (var found in source.SearchStudiesAsync(new StudyQuery(), Hang))
        {
            study ??= found.GetFirstString(DicomTags.StudyInstanceUID);
        }
        Assert.NotNull(study);
        string? series = null;
        await foreach (var found in source.SearchSeriesAsync(study, Hang))
        {
            series ??= found.GetFirstString(DicomTags.SeriesInstanceUID);
        }
        Assert.NotNull(series);
        var metadata = 0;
        await foreach (var _ in source.GetSeriesMetadataAsync(study, series, Hang))
        {
            metadata++;
        }

        Assert.True(metadata > 0);
        var trips = recorder.Of("pacsviewer.pacs.duration");
        Assert.Equal(2, trips.Count(t => t.Tag(PacsViewerTelemetry.OperationTag) == PacsOperations.Qido));
        Assert.Equal(1, trips.Count(t => t.Tag(PacsViewerTelemetry.OperationTag) == PacsOperations.Wado));
        Assert.All(trips, t => Assert.Equal("success", t.Tag(PacsViewerTelemetry.OutcomeTag)));
        Assert.Equal(["QIDO", "QIDO", "WADO"], recorder.Activities.Select(a => a.OperationName).Order(StringComparer.Ordinal));
    }
}
