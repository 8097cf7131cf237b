using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Tests.Core.Network;
using PacsViewer.Tests.Fixtures;
using PacsViewer.Web.Archive;

namespace PacsViewer.Tests.Web.Archive;

/// <summary>
/// The web app's DICOM receiver (Archive:ReceiverPort) feeding the built-in archive: dcmtk's storescu and an Orthanc C-MOVE
/// as senders; and the app's own C-MOVEs (a <c>move</c> source), whose sub-operations it routes into the retrieval cache.
/// </summary>
[Collection(OrthancCollection.Name)]
public sealed class ArchiveReceiverTests(OrthancFixture orthanc) : IDisposable
{
    private const string AeTitle = "PVARCHIVE";

    private const string MoveSource = "orthanc-move";

    private static readonly string[] BrainFiles = OrthancFixture.SampleFiles.Where(f => f.StartsWith("series/mr_brain", StringComparison.Ordinal)).ToArray();

    private readonly ReceiverFactory _factory = new(orthanc.Server.DicomPort);

    public void Dispose() => _factory.Dispose();

    private LocalArchive Archive => _factory.Services.GetRequiredService<LocalArchive>();

    private RetrievalCache Cache => _factory.Services.GetRequiredService<RetrievalCache>();

    private MoveOriginatorRouter Router => _factory.Services.GetRequiredService<MoveOriginatorRouter>();

    /// <summary>The DICOM files in the archive's object store.</summary>
    private List<string> ArchivedFiles() => Directory.Exists(Path.Combine(Archive.RootPath, "objects"))
        ? Directory.EnumerateFiles(Path.Combine(Archive.RootPath, "objects"), "*", SearchOption.AllDirectories).ToList()
        : [];

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
    public async Task GetInstanceAsync_DimseSourceRetrievingByMove_ReturnsTheInstanceThroughTheCacheNotTheArchive()
    {
        var ct = DicomFile.Open(TestFiles.Sample("ct/CT2_RLE.dcm"));
        var key = new InstanceKey(ct.Dataset.GetString(DicomTags.StudyInstanceUID)!, ct.Dataset.GetString(DicomTags.SeriesInstanceUID)!, ct.SopInstanceUid!);
        await orthanc.Server.AddModalityAsync(new OrthancModality("pvarchive", AeTitle, Port));
        var source = _factory.Services.GetRequiredKeyedService<IStudySource>(MoveSource);
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var file = await source.GetInstanceAsync(key, hang.Token);

        Assert.IsType<CachingStudySource>(source);
        Assert.Equal(ct.SopInstanceUid, file.SopInstanceUid);
        Assert.Equal(ct.Dataset.GetBytes(DicomTags.PixelData).ToArray(), file.Dataset.GetBytes(DicomTags.PixelData).ToArray());
        Assert.True(Cache.Contains(MoveSource, key));
        Assert.Empty(await ArchivedSopsAsync(key.StudyInstanceUid, key.SeriesInstanceUid)); // routed by Move Originator, not archived
        Assert.Empty(ArchivedFiles());
        Assert.Equal(0, Router.Count); // the route closed with the C-MOVE
    }

    [Fact]
    public async Task RenderedFrameApi_InstanceOnAMoveSource_IsServedFromTheRetrievalCacheNotTheArchive()
    {
        var ct = DicomFile.Open(TestFiles.Sample("ct/CT2_RLE.dcm"));
        var key = new InstanceKey(ct.Dataset.GetString(DicomTags.StudyInstanceUID)!, ct.Dataset.GetString(DicomTags.SeriesInstanceUID)!, ct.SopInstanceUid!);
        await orthanc.Server.AddModalityAsync(new OrthancModality("pvarchive", AeTitle, Port));
        using var client = _factory.CreateClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Radiologist);

        using var response = await client.GetAsync(
            $"/api/sources/{MoveSource}/studies/{key.StudyInstanceUid}/series/{key.SeriesInstanceUid}/instances/{key.SopInstanceUid}/frames/1/rendered?format=png");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4).ToArray());
        Assert.True(Cache.Contains(MoveSource, key));
        Assert.Empty(await ArchivedSopsAsync(key.StudyInstanceUid, key.SeriesInstanceUid));
        Assert.Empty(ArchivedFiles());
    }

    [Fact]
    public async Task StudyModelApi_StudyOnAMoveSource_RetrievesTheSeriesIntoTheRetrievalCacheNotTheArchive()
    {
        var brain = BrainFiles.Select(f => DicomFile.Open(TestFiles.Sample(f))).ToArray();
        var (study, series) = (brain[0].Dataset.GetString(DicomTags.StudyInstanceUID)!, brain[0].Dataset.GetString(DicomTags.SeriesInstanceUID)!);
        await orthanc.Server.AddModalityAsync(new OrthancModality("pvarchive", AeTitle, Port));
        using var client = _factory.CreateClient();
        await AppSignIn.SignInAsync(client, AppSignIn.Radiologist);

        var model = await client.GetFromJsonAsync<JsonElement>($"/api/sources/{MoveSource}/studies/{study}/model");
        var countAfterModel = Cache.Count;
        var first = brain[0];
        using var frame = await client.GetAsync(
            $"/api/sources/{MoveSource}/studies/{study}/series/{series}/instances/{first.SopInstanceUid}/frames/1/rendered?format=png");

        var instances = model.GetProperty("series").EnumerateArray()
            .Single(s => s.GetProperty("seriesInstanceUid").GetString() == series).GetProperty("instances").EnumerateArray()
            .Select(i => i.GetProperty("sopInstanceUid").GetString()!).Order(StringComparer.Ordinal).ToArray();
        var expected = brain.Select(b => b.SopInstanceUid!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, instances);
        Assert.All(expected, sop => Assert.True(Cache.Contains(MoveSource, new InstanceKey(study, series, sop)), sop));
        Assert.Equal(System.Net.HttpStatusCode.OK, frame.StatusCode);
        Assert.Equal(countAfterModel, Cache.Count); // the frame is one of the instances the model brought into the cache
        Assert.Empty(await ArchivedSopsAsync(study, series));
        Assert.Empty(ArchivedFiles());
    }

    [Fact]
    public async Task StoreScu_WhileTheAppsOwnMoveIsOpen_GoesToTheArchiveNotTheMoveTarget()
    {
        // A C-STORE from a modality carries no Move Originator: the router must not take it even while a route of the
        // app's calling AE title (an app C-MOVE in flight) is open.
        var file = TestFiles.Sample("series/mr_brain_ge_axial_pd/brain_010.dcm");
        var dataset = DicomFile.Open(file).Dataset;
        var routed = 0;
        var target = new MoveSubOperationTarget(Path.Combine(_factory.DataFolder, "routed"), null, (_, _) =>
        {
            Interlocked.Increment(ref routed);
            return Task.CompletedTask;
        });
        Directory.CreateDirectory(target.Directory);
        using var route = Router.Open(new DicomClientOptions().CallingAeTitle, target);

        var (exitCode, output) = await DcmtkProcess.RunAsync("storescu", ["-aet", "STORESCU", "-aec", AeTitle, "127.0.0.1", Port.ToString(CultureInfo.InvariantCulture), file]);

        Assert.True(exitCode == 0, output);
        Assert.Equal(0, routed);
        Assert.Equal([DicomFile.Open(file).SopInstanceUid!],
            await ArchivedSopsAsync(dataset.GetString(DicomTags.StudyInstanceUID)!, dataset.GetString(DicomTags.SeriesInstanceUID)!));
        Assert.Empty(Directory.GetFiles(target.Directory));
        Assert.Equal(0, Cache.Count);
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
            builder.UseSetting("Pacs:Sources:0:Name", MoveSource);
            builder.UseSetting("Pacs:Sources:0:Kind", "dimse");
            builder.UseSetting("Pacs:Sources:0:AeTitle", OrthancServer.DefaultAeTitle);
            builder.UseSetting("Pacs:Sources:0:Host", "127.0.0.1");
            builder.UseSetting("Pacs:Sources:0:Port", orthancPort.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Pacs:Sources:0:RetrieveMethod", "move");
        }
    }
}
