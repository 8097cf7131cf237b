using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Tests.Core.Network;
using PacsViewer.Tests.Fixtures;
using PacsViewer.Web.Archive;

namespace PacsViewer.Tests.Web.Archive;

/// <summary>The web app's DICOM receiver (Archive:ReceiverPort) feeding the built-in archive: dcmtk's storescu and an Orthanc C-MOVE as senders.</summary>
[Collection(OrthancCollection.Name)]
public sealed class ArchiveReceiverTests(OrthancFixture orthanc) : IDisposable
{
    private const string AeTitle = "PVARCHIVE";

    private readonly ReceiverFactory _factory = new(orthanc.Server.DicomPort);

    public void Dispose() => _factory.Dispose();

    private LocalArchive Archive => _factory.Services.GetRequiredService<LocalArchive>();

    private int Port => _factory.Services.GetRequiredService<ArchiveReceiver>().Port ?? throw new InvalidOperationException("the receiver is not running");

    private async Task<List<string>> ArchivedSopsAsync(string study, string series)
    {
        var sops = new List<string>();
        await foreach (var found in Archive.SearchInstancesAsync(study, series))
        {
            sops.Add(found.GetString(DicomTags.SOPInstanceUID)!);
        }
        return sops;
    }

    [Fact]
    public async Task StoreScu_SampleFiles_AreIndexedByTheArchive()
    {
        var files = new[] { 2, 4, 6 }.Select(i => TestFiles.Sample($"series/mr_brain_ge_axial_pd/brain_{i:000}.dcm")).ToArray();
        var first = DicomFile.Open(files[0]).Dataset;

        var (exitCode, output) = await DcmtkProcess.RunAsync("storescu", ["-aet", "STORESCU", "-aec", AeTitle, "127.0.0.1", Port.ToString(CultureInfo.InvariantCulture), .. files]);

        Assert.True(exitCode == 0, output);
        var sops = await ArchivedSopsAsync(first.GetString(DicomTags.StudyInstanceUID)!, first.GetString(DicomTags.SeriesInstanceUID)!);
        Assert.Equal(files.Select(f => DicomFile.Open(f).SopInstanceUid!).Order(StringComparer.Ordinal), sops.Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(Archive.IncomingPath)); // each file was taken over by rename
    }

    [Fact]
    public async Task StoreScu_CallingAeNotAllowed_IsRejectedAndNothingIsStored()
    {
        var file = TestFiles.Sample("series/mr_brain_ge_axial_pd/brain_008.dcm");
        var dataset = DicomFile.Open(file).Dataset;

        var (exitCode, _) = await DcmtkProcess.RunAsync("storescu", "-aet", "INTRUDER", "-aec", AeTitle, "127.0.0.1", Port.ToString(CultureInfo.InvariantCulture), file);

        Assert.NotEqual(0, exitCode);
        Assert.Empty(await ArchivedSopsAsync(dataset.GetString(DicomTags.StudyInstanceUID)!, dataset.GetString(DicomTags.SeriesInstanceUID)!));
    }

    [Fact]
    public async Task MoveAsync_FromOrthancToTheAppsReceiver_StoresTheStudyInTheArchive()
    {
        var nm = DicomFile.Open(TestFiles.Sample("nm_pt/NM-MONO2-16-13x-heart.dcm")).Dataset;
        var port = Port;
        await orthanc.Server.AddModalityAsync(new OrthancModality("pvarchive", AeTitle, port));
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var result = await new DicomClient(new DicomClientOptions { CallingAeTitle = "PVMOVER" }).MoveAsync(
            new DicomPeer("127.0.0.1", orthanc.Server.DicomPort, orthanc.Server.AeTitle), QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Study,
            new DicomDatasetBuilder().Set(DicomTags.StudyInstanceUID, nm.GetString(DicomTags.StudyInstanceUID)!).ToDataset(), AeTitle, null, hang.Token);

        Assert.True(result.Status.IsSuccess, result.Status.ToString());
        Assert.Equal(1, result.Progress?.Completed);
        var sop = Assert.Single(await ArchivedSopsAsync(nm.GetString(DicomTags.StudyInstanceUID)!, nm.GetString(DicomTags.SeriesInstanceUID)!));
        Assert.Equal(nm.GetString(DicomTags.SOPInstanceUID), sop);
    }

    [Fact]
    public async Task GetInstanceAsync_DimseSourceRetrievingByMove_ReturnsTheInstanceThroughTheArchive()
    {
        var ct = DicomFile.Open(TestFiles.Sample("ct/CT2_RLE.dcm"));
        var key = new InstanceKey(ct.Dataset.GetString(DicomTags.StudyInstanceUID)!, ct.Dataset.GetString(DicomTags.SeriesInstanceUID)!, ct.SopInstanceUid!);
        await orthanc.Server.AddModalityAsync(new OrthancModality("pvarchive", AeTitle, Port));
        var source = _factory.Services.GetRequiredKeyedService<IStudySource>("orthanc-move");
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var file = await source.GetInstanceAsync(key, hang.Token);

        Assert.Equal(ct.SopInstanceUid, file.SopInstanceUid);
        Assert.Equal(ct.Dataset.GetBytes(DicomTags.PixelData).ToArray(), file.Dataset.GetBytes(DicomTags.PixelData).ToArray());
        Assert.Equal([ct.SopInstanceUid!], await ArchivedSopsAsync(key.StudyInstanceUid, key.SeriesInstanceUid));
    }

    [Fact]
    public async Task RetrieveSeriesAsync_DimseSourceRetrievingByMove_KeepsOnlyTheArchivesCopy()
    {
        var brain = Enumerable.Range(1, 3).Select(i => DicomFile.Open(TestFiles.Sample($"series/mr_brain_ge_axial_pd/brain_{i:000}.dcm"))).ToArray();
        var (study, series) = (brain[0].Dataset.GetString(DicomTags.StudyInstanceUID)!, brain[0].Dataset.GetString(DicomTags.SeriesInstanceUID)!);
        await orthanc.Server.AddModalityAsync(new OrthancModality("pvarchive", AeTitle, Port));
        var source = _factory.Services.GetRequiredKeyedService<IStudySource>("orthanc-move");
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var retrieved = new List<string>();

        await foreach (var file in source.RetrieveSeriesAsync(study, series, hang.Token))
        {
            retrieved.Add(file.SopInstanceUid!);
        }

        Assert.IsType<DimseStudySource>(source); // not behind the retrieval cache: the archive holds the durable copy
        var archived = await ArchivedSopsAsync(study, series);
        Assert.Equal(archived.Order(StringComparer.Ordinal), retrieved.Order(StringComparer.Ordinal));
        Assert.Subset(retrieved.ToHashSet(), brain.Select(b => b.SopInstanceUid!).ToHashSet());
        var files = Directory.EnumerateFiles(_factory.DataFolder, "*.dcm", SearchOption.AllDirectories).ToList();
        Assert.Equal(archived.Count, files.Count);
        Assert.All(files, f => Assert.StartsWith(Path.Combine(Archive.RootPath, "objects"), f, StringComparison.Ordinal));
    }

    private sealed class ReceiverFactory(int orthancPort) : PacsViewerWebApplicationFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Archive:ReceiverPort"] = "0",
                ["Archive:ReceiverAeTitle"] = AeTitle,
                ["Archive:ReceiverAllowedCallingAeTitles:0"] = "STORESCU",
                ["Archive:ReceiverAllowedCallingAeTitles:1"] = OrthancServer.DefaultAeTitle,
                ["Cache:Path"] = Path.Combine(DataFolder, "cache"),
            }));
            // Pacs:Sources is read while services are registered, before ConfigureAppConfiguration applies: host settings.
            builder.UseSetting("Pacs:Sources:0:Name", "orthanc-move");
            builder.UseSetting("Pacs:Sources:0:Kind", "dimse");
            builder.UseSetting("Pacs:Sources:0:AeTitle", OrthancServer.DefaultAeTitle);
            builder.UseSetting("Pacs:Sources:0:Host", "127.0.0.1");
            builder.UseSetting("Pacs:Sources:0:Port", orthancPort.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Pacs:Sources:0:RetrieveMethod", "move");
        }
    }
}
