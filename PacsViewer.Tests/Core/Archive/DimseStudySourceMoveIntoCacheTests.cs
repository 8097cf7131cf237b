using System.Net;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Archive;

/// <summary>
/// <see cref="DimseStudySource"/> retrieving by C-MOVE into the retrieval cache from a real Orthanc: our receiver
/// (<see cref="StoreScp"/> with a <see cref="MoveOriginatorRouter"/>) recognises the sub-operations of our own C-MOVE by
/// their Move Originator AE Title and Message ID and writes them into the cache's folder instead of the archive.
/// </summary>
[Collection(OrthancCollection.Name)]
public sealed class DimseStudySourceMoveIntoCacheTests(OrthancFixture orthanc) : IAsyncLifetime
{
    private const string ReceiverAeTitle = "PVMOVECACHE";
    private const string CallingAeTitle = "PVMOVECALLER";

    private static readonly string[] BrainFiles = OrthancFixture.SampleFiles.Where(f => f.StartsWith("series/mr_brain", StringComparison.Ordinal)).ToArray();

    private readonly TempDirectory _root = new("pacs-move-cache-");
    private readonly MoveOriginatorRouter _router = new();
    private LocalArchive? _archive;
    private DicomServer? _receiver;

    private static CancellationToken Hang => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    private string CachePath => Path.Combine(_root.Path, "cache");

    public async Task InitializeAsync()
    {
        var database = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_root.Path, "index.db")}" };
        _archive = new LocalArchive(new ArchiveDatabase(database), new ArchiveOptions { Path = Path.Combine(_root.Path, "archive") });
        await _archive.InitializeAsync();
        _receiver = new DicomServer(new DicomServerOptions { Address = IPAddress.Loopback, Port = 0 },
            new StoreScp(new StoreScpOptions { IncomingDirectory = _archive.IncomingPath, AeTitle = ReceiverAeTitle, MoveRouter = _router },
                new ArchiveHandler(_archive)));
        _receiver.Start();
        await orthanc.Server.AddModalityAsync(new OrthancModality("pvmovecache", ReceiverAeTitle, _receiver.Port));
    }

    public async Task DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
        _archive?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    private DimseStudySource Source(string calledAeTitle = "") => new("orthanc-move-cache",
        new DicomPeer("127.0.0.1", orthanc.Server.DicomPort, calledAeTitle.Length > 0 ? calledAeTitle : orthanc.Server.AeTitle),
        new DicomClient(new DicomClientOptions { CallingAeTitle = CallingAeTitle, Association = AssociationOptions.Default with { DimseTimeout = TimeSpan.FromSeconds(60) } }),
        Path.Combine(_root.Path, "work"), new DimseMoveTarget(ReceiverAeTitle, _archive!, _router));

    private static DicomFile Brain(int index) => DicomFile.Open(TestFiles.Sample(BrainFiles[index]));

    private static string[] BrainSops() => BrainFiles.Select((_, i) => Brain(i).SopInstanceUid!).Order(StringComparer.Ordinal).ToArray();

    private static (string Study, string Series) BrainSeries() =>
        (Brain(0).Dataset.GetString(DicomTags.StudyInstanceUID)!, Brain(0).Dataset.GetString(DicomTags.SeriesInstanceUID)!);

    [Fact]
    public async Task StageSeriesAsync_ByMoveWithARouter_WritesEveryInstanceIntoTheStagingFolderNotTheArchive()
    {
        var (study, series) = BrainSeries();
        var staging = new InstanceStaging(Path.Combine(_root.Path, "staging"));
        Directory.CreateDirectory(staging.DirectoryPath);

        var originals = BrainFiles.Select((_, i) => Brain(i)).ToDictionary(f => f.SopInstanceUid!, StringComparer.Ordinal);

        var staged = await Source().StageSeriesAsync(study, series, staging, Hang).ToListAsync();
        try
        {
            Assert.Equal(BrainSops(), staged.Select(s => s.SopInstanceUid).Order(StringComparer.Ordinal));
            Assert.All(staged, s =>
            {
                Assert.Equal(staging.DirectoryPath, Path.GetDirectoryName(s.Path));
                var file = DicomFile.Open(s.Path!);
                Assert.Equal(s.SopInstanceUid, file.SopInstanceUid);
                Assert.Equal(originals[s.SopInstanceUid].Dataset.GetBytes(DicomTags.PixelData).ToArray(), file.Dataset.GetBytes(DicomTags.PixelData).ToArray());
            });
            foreach (var sop in BrainSops())
            {
                Assert.False(await _archive!.ContainsAsync(new InstanceKey(study, series, sop), Hang)); // routed, not archived
            }
            Assert.Equal(0, _router.Count); // the route closed with the C-MOVE
        }
        finally
        {
            staged.ForEach(s => s.Dispose());
        }
        Assert.Empty(Directory.GetFiles(staging.DirectoryPath));
    }

    [Fact]
    public async Task RetrieveSeriesAsync_ByMoveIntoTheRetrievalCacheThenRestart_KeepsEveryInstance()
    {
        var (study, series) = BrainSeries();
        var sops = new List<string>();
        using (var cache = new RetrievalCache(Options.Create(new RetrievalCacheOptions { Path = CachePath })))
        {
            var source = new CachingStudySource(Source(), cache);
            await foreach (var lease in source.RetrieveSeriesAsync(study, series, Hang))
            {
                using (lease)
                {
                    sops.Add(lease.File.SopInstanceUid!);
                    Assert.True(lease.File.Dataset.Contains(DicomTags.PixelData));
                }
            }
            await cache.FlushAsync(Hang);
        }

        using var restarted = new RetrievalCache(Options.Create(new RetrievalCacheOptions { Path = CachePath }));

        Assert.Equal(BrainSops(), sops.Order(StringComparer.Ordinal));
        Assert.Equal(BrainSops().Length, restarted.Count);
        Assert.All(BrainSops(), sop => Assert.True(restarted.Contains("orthanc-move-cache", new InstanceKey(study, series, sop))));
    }

    [Fact]
    public async Task GetSeriesMetadataAsync_MoveSourceBehindTheCache_YieldsHeadersWithoutPixelDataFromTheCachedInstances()
    {
        var (study, series) = BrainSeries();
        using var cache = new RetrievalCache(Options.Create(new RetrievalCacheOptions { Path = CachePath }));
        var source = new CachingStudySource(Source(), cache);

        var headers = await source.GetSeriesMetadataAsync(study, series, Hang).ToListAsync();

        Assert.Equal(BrainSops(), headers.Select(h => h.GetString(DicomTags.SOPInstanceUID)!).Order(StringComparer.Ordinal));
        Assert.All(headers, h =>
        {
            Assert.False(h.Contains(DicomTags.PixelData));
            Assert.Equal(256, h.GetInt32(DicomTags.Rows, 0));
        });
        Assert.All(BrainSops(), sop => Assert.True(cache.Contains("orthanc-move-cache", new InstanceKey(study, series, sop)))); // the frames need no second C-MOVE
        foreach (var sop in BrainSops())
        {
            Assert.False(await _archive!.ContainsAsync(new InstanceKey(study, series, sop), Hang));
        }
    }

    [Fact]
    public async Task StageSeriesAsync_SubOperationsFromAnotherAeTitleThanTheOneCalled_ThrowsAndTheArchiveKeepsThem()
    {
        // Orthanc does not check the called AE title: it answers as ORTHANC, so sub-operations come from another AE
        // title than the one this source called. The router does not recognise them: they take the durable path.
        var (study, series) = BrainSeries();
        var staging = new InstanceStaging(Path.Combine(_root.Path, "staging-other"));
        Directory.CreateDirectory(staging.DirectoryPath);

        var e = await Assert.ThrowsAsync<StudySourceException>(async () =>
        {
            await foreach (var staged in Source("NOTORTHANC").StageSeriesAsync(study, series, staging, Hang))
            {
                staged.Dispose();
                Assert.Fail("nothing was sent from NOTORTHANC");
            }
        });

        Assert.Contains("recognised as ours", e.Message, StringComparison.Ordinal);
        Assert.True(await _archive!.ContainsAsync(new InstanceKey(study, series, BrainSops()[0]), Hang));
        Assert.Empty(Directory.GetFiles(staging.DirectoryPath));
    }

    /// <summary>Hands each instance to the archive, as the web app's receiver does.</summary>
    private sealed class ArchiveHandler(LocalArchive archive) : IReceivedInstanceHandler
    {
        public async Task OnReceivedAsync(ReceivedInstance instance, CancellationToken cancellationToken)
        {
            var result = await archive.AddIncomingFileAsync(instance.Path, cancellationToken);
            Assert.True(result.IsInArchive, result.Reason);
        }
    }
}
