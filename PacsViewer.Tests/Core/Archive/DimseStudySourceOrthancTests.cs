using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Caching;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Tests.Core.Network;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Archive;

/// <summary>The DIMSE <see cref="IStudySource"/> as the app builds it (AddPacsViewerCore + Pacs:Sources), against Orthanc.</summary>
[Collection(OrthancCollection.Name)]
public sealed class DimseStudySourceOrthancTests(OrthancFixture orthanc) : IAsyncLifetime
{
    private const string SourceName = "orthanc-dimse";

    private static readonly string[] BrainFiles = OrthancFixture.SampleFiles.Where(f => f.StartsWith("series/mr_brain", StringComparison.Ordinal)).ToArray();

    private readonly TempDirectory _cache = new("pacsviewer-cache-");
    private ServiceProvider? _provider;

    private CachingStudySource Source => Assert.IsType<CachingStudySource>(_provider!.GetRequiredKeyedService<IStudySource>(SourceName));

    private DimseStudySource Inner => Assert.IsType<DimseStudySource>(Source.Inner);

    private static CancellationToken Hang => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    public Task InitializeAsync()
    {
        _provider = OrthancDimseProvider.Build(orthanc, SourceName, "PVSOURCE", _cache.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
        _cache.Dispose();
    }

    private static DicomDataset Open(string relative) => DicomFile.Open(TestFiles.Sample(relative)).Dataset;

    private static string[] BrainSops() => BrainFiles.Select(f => Open(f).GetString(DicomTags.SOPInstanceUID)!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void DimseStudySource_FromPacsSources_CallsThePeerAsConfigured()
    {
        Assert.Equal(SourceName, Source.Id);
        Assert.Equal(new DicomPeer("127.0.0.1", orthanc.Server.DicomPort, orthanc.Server.AeTitle), Inner.Peer);
    }

    [Fact]
    public async Task SearchStudiesAsync_PatientIdAndDateRange_FindsTheStudy()
    {
        var brain = Open(BrainFiles[0]);
        var date = brain.GetDate(DicomTags.StudyDate)!.Value;

        var hits = await Source.SearchStudiesAsync(new StudyQuery
        {
            PatientId = brain.GetString(DicomTags.PatientID),
            StudyDateFrom = date.AddDays(-1),
            StudyDateTo = date.AddDays(1),
        }, Hang).ToListAsync();
        var misses = await Source.SearchStudiesAsync(new StudyQuery
        {
            PatientId = brain.GetString(DicomTags.PatientID),
            StudyDateFrom = date.AddDays(1),
            StudyDateTo = date.AddDays(30),
        }, Hang).ToListAsync();

        var study = Assert.Single(hits);
        Assert.Equal(brain.GetString(DicomTags.StudyInstanceUID), study.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(BrainFiles.Length.ToString(CultureInfo.InvariantCulture), study.GetString(DicomTags.NumberOfStudyRelatedInstances));
        Assert.Contains("MR", study.GetStrings(DicomTags.ModalitiesInStudy));
        Assert.Empty(misses);
    }

    [Fact]
    public async Task SearchStudiesAsync_PatientIdAndDescriptionWildcards_FindTheStudy()
    {
        var brain = Open(BrainFiles[0]);
        var id = brain.GetString(DicomTags.PatientID)!;
        var description = brain.GetString(DicomTags.StudyDescription)!;

        var hits = await Source.SearchStudiesAsync(new StudyQuery { PatientId = id[..3] + "*", StudyDescription = description[..2] + "?*" }, Hang).ToListAsync();

        Assert.Contains(hits, h => h.GetString(DicomTags.StudyInstanceUID) == brain.GetString(DicomTags.StudyInstanceUID));
        Assert.All(hits, h => Assert.StartsWith(id[..3], h.GetString(DicomTags.PatientID), StringComparison.Ordinal));
    }

    [Fact]
    public async Task SearchStudiesAsync_ModalityWithLimitAndOffset_PagesTheResults()
    {
        var expected = OrthancFixture.SampleFiles.Select(Open).Where(d => d.GetString(DicomTags.Modality) == "MR")
            .Select(d => d.GetString(DicomTags.StudyInstanceUID)!).ToHashSet(StringComparer.Ordinal);

        var all = await Source.SearchStudiesAsync(new StudyQuery { Modality = "MR" }, Hang).ToListAsync();
        var first = await Source.SearchStudiesAsync(new StudyQuery { Modality = "MR", Limit = 1 }, Hang).ToListAsync();
        var last = await Source.SearchStudiesAsync(new StudyQuery { Modality = "MR", Offset = all.Count - 1, Limit = 5 }, Hang).ToListAsync();

        Assert.Subset(all.Select(s => s.GetString(DicomTags.StudyInstanceUID)!).ToHashSet(StringComparer.Ordinal), expected);
        Assert.True(all.Count >= 2, $"{all.Count} MR studies");
        Assert.Equal(all[0].GetString(DicomTags.StudyInstanceUID), Assert.Single(first).GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(all[^1].GetString(DicomTags.StudyInstanceUID), Assert.Single(last).GetString(DicomTags.StudyInstanceUID));
    }

    [Fact]
    public async Task SearchSeriesAndInstancesAsync_BrainStudy_ListsTheUploadedSeries()
    {
        var brain = Open(BrainFiles[0]);
        var study = brain.GetString(DicomTags.StudyInstanceUID)!;

        var series = Assert.Single(await Source.SearchSeriesAsync(study, Hang).ToListAsync());
        var seriesUid = series.GetString(DicomTags.SeriesInstanceUID)!;
        var instances = await Source.SearchInstancesAsync(study, seriesUid, Hang).ToListAsync();

        Assert.Equal(brain.GetString(DicomTags.SeriesInstanceUID), seriesUid);
        Assert.Equal("MR", series.GetString(DicomTags.Modality));
        Assert.Equal(BrainSops(), instances.Select(i => i.GetString(DicomTags.SOPInstanceUID)!).Order(StringComparer.Ordinal));
        Assert.All(instances, i => Assert.Equal(brain.GetString(DicomTags.SOPClassUID), i.GetString(DicomTags.SOPClassUID)));
    }

    [Fact]
    public async Task GetSeriesMetadataAsync_BrainSeries_YieldsEveryHeaderWithoutPixelData()
    {
        var brain = Open(BrainFiles[0]);

        var headers = await Source.GetSeriesMetadataAsync(brain.GetString(DicomTags.StudyInstanceUID)!, brain.GetString(DicomTags.SeriesInstanceUID)!, Hang).ToListAsync();

        Assert.Equal(BrainSops(), headers.Select(h => h.GetString(DicomTags.SOPInstanceUID)!).Order(StringComparer.Ordinal));
        Assert.All(headers, h => Assert.False(h.Contains(DicomTags.PixelData)));
        Assert.All(headers, h => Assert.Equal(brain.GetString(DicomTags.Rows), h.GetString(DicomTags.Rows)));
    }

    [Fact]
    public async Task GetInstanceAsync_ThroughTheRetrievalCache_ReturnsThePixelDataAndKeepsTheInstance()
    {
        var original = DicomFile.Open(TestFiles.Sample(BrainFiles[3]));
        var key = new InstanceKey(original.Dataset.GetString(DicomTags.StudyInstanceUID)!, original.Dataset.GetString(DicomTags.SeriesInstanceUID)!, original.SopInstanceUid!);
        var cache = _provider!.GetRequiredService<RetrievalCache>();

        using var instance = await Source.OpenInstanceAsync(key, Hang);

        Assert.True(cache.Contains(SourceName, key));
        Assert.Equal(original.SopInstanceUid, instance.File.SopInstanceUid);
        Assert.Equal(original.Dataset.GetBytes(DicomTags.PixelData).ToArray(), instance.File.Dataset.GetBytes(DicomTags.PixelData).ToArray());
    }

    [Fact]
    public async Task GetInstanceAsync_JpegLsMultiFrame_ReturnsTheInstance()
    {
        var original = DicomFile.Open(TestFiles.Sample("mr/emri_small_jpeg_ls_lossless.dcm"));
        var key = new InstanceKey(original.Dataset.GetString(DicomTags.StudyInstanceUID)!, original.Dataset.GetString(DicomTags.SeriesInstanceUID)!, original.SopInstanceUid!);

        var file = await Inner.GetInstanceAsync(key, Hang);

        Assert.Equal(original.SopInstanceUid, file.SopInstanceUid);
        Assert.Equal(original.Dataset.GetString(DicomTags.NumberOfFrames), file.Dataset.GetString(DicomTags.NumberOfFrames));
        Assert.True(file.Dataset.Contains(DicomTags.PixelData));
    }

    [Fact]
    public async Task GetInstanceAsync_UnknownInstance_ThrowsStudySourceExceptionNamingTheSource()
    {
        var e = await Assert.ThrowsAsync<StudySourceException>(() => Inner.GetInstanceAsync(new InstanceKey("1.2.3", "1.2.3.4", "1.2.3.4.5"), Hang));

        Assert.Equal(SourceName, e.SourceId);
    }

    [Fact]
    public async Task RetrieveSeriesAsync_OneCGet_YieldsEveryInstanceWithItsPixelData()
    {
        var brain = Open(BrainFiles[0]);
        var originals = BrainFiles.Select(f => DicomFile.Open(TestFiles.Sample(f))).ToDictionary(f => f.SopInstanceUid!, StringComparer.Ordinal);

        var files = await Inner.RetrieveSeriesAsync(brain.GetString(DicomTags.StudyInstanceUID)!, brain.GetString(DicomTags.SeriesInstanceUID)!, Hang).ToListAsync();

        Assert.Equal(BrainSops(), files.Select(f => f.SopInstanceUid!).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal(originals[f.SopInstanceUid!].Dataset.GetBytes(DicomTags.PixelData).ToArray(), f.Dataset.GetBytes(DicomTags.PixelData).ToArray()));
    }

    [Fact]
    public async Task RetrieveSeriesAsync_ThroughTheRetrievalCache_CachesEveryInstance()
    {
        var brain = Open(BrainFiles[0]);
        var study = brain.GetString(DicomTags.StudyInstanceUID)!;
        var series = brain.GetString(DicomTags.SeriesInstanceUID)!;
        var cache = _provider!.GetRequiredService<RetrievalCache>();

        var sops = new List<string>();
        await foreach (var instance in Source.RetrieveSeriesAsync(study, series, Hang))
        {
            using (instance)
            {
                sops.Add(instance.File.SopInstanceUid!);
            }
        }

        Assert.Equal(BrainSops(), sops.Order(StringComparer.Ordinal));
        Assert.All(BrainSops(), sop => Assert.True(cache.Contains(SourceName, new InstanceKey(study, series, sop))));
    }

    [Fact]
    public async Task StageSeriesAsync_OneCGet_WritesEveryInstanceIntoTheStagingFolderAsSent()
    {
        var brain = Open(BrainFiles[0]);
        var originals = BrainFiles.Select(f => DicomFile.Open(TestFiles.Sample(f))).ToDictionary(f => f.SopInstanceUid!, StringComparer.Ordinal);
        using var folder = new TempDirectory("pacsviewer-staging-");
        var staging = new InstanceStaging(folder.Path);

        var staged = await Inner.StageSeriesAsync(brain.GetString(DicomTags.StudyInstanceUID)!, brain.GetString(DicomTags.SeriesInstanceUID)!, staging, Hang).ToListAsync();
        try
        {
            Assert.Equal(BrainSops(), staged.Select(s => s.SopInstanceUid).Order(StringComparer.Ordinal));
            Assert.All(staged, s =>
            {
                Assert.Equal(staging.DirectoryPath, Path.GetDirectoryName(s.Path));
                Assert.Equal(new FileInfo(s.Path!).Length, s.Length);
                var file = DicomFile.Open(s.Path!);
                var original = originals[s.SopInstanceUid];
                Assert.Equal(s.SopInstanceUid, file.SopInstanceUid);
                Assert.Equal(original.SopClassUid, s.SopClassUid);
                Assert.Equal(file.TransferSyntax.Uid, s.TransferSyntaxUid);
                Assert.Equal(original.Dataset.GetBytes(DicomTags.PixelData).ToArray(), file.Dataset.GetBytes(DicomTags.PixelData).ToArray());
            });
        }
        finally
        {
            staged.ForEach(s => s.Dispose());
        }
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task StageInstanceAsync_OneInstance_StagesOnlyThatInstance()
    {
        var original = DicomFile.Open(TestFiles.Sample(BrainFiles[2]));
        var key = new InstanceKey(original.Dataset.GetString(DicomTags.StudyInstanceUID)!, original.Dataset.GetString(DicomTags.SeriesInstanceUID)!, original.SopInstanceUid!);
        using var folder = new TempDirectory("pacsviewer-staging-");

        using (var staged = await Inner.StageInstanceAsync(key, new InstanceStaging(folder.Path), Hang))
        {
            Assert.Equal(key.SopInstanceUid, staged.SopInstanceUid);
            Assert.Equal(staged.Path, Assert.Single(Directory.GetFiles(folder.Path)));
            Assert.Equal(original.Dataset.GetBytes(DicomTags.PixelData).ToArray(), DicomFile.Open(staged.Path!).Dataset.GetBytes(DicomTags.PixelData).ToArray());
        }
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task RetrieveSeriesAsync_ThroughTheRetrievalCacheThenRestart_KeepsEveryInstanceOnceDurable()
    {
        var brain = Open(BrainFiles[0]);
        var study = brain.GetString(DicomTags.StudyInstanceUID)!;
        var series = brain.GetString(DicomTags.SeriesInstanceUID)!;
        var cache = _provider!.GetRequiredService<RetrievalCache>();

        var sops = new List<string>();
        await foreach (var instance in Source.RetrieveSeriesAsync(study, series, Hang))
        {
            using (instance)
            {
                sops.Add(instance.File.SopInstanceUid!);
            }
        }
        await cache.FlushAsync(Hang);
        await _provider!.DisposeAsync(); // the app stops: the cache writes its index
        _provider = null;

        using var restarted = new RetrievalCache(Microsoft.Extensions.Options.Options.Create(new RetrievalCacheOptions { Path = _cache.Path }));
        // The PACS is out of reach now: every instance must come from the restarted cache.
        var offline = new CachingStudySource(new DimseStudySource(SourceName, new DicomPeer("127.0.0.1", 1, "GONE"), new DicomClient(), _cache.Path), restarted);
        var reread = new List<string>();
        foreach (var sop in BrainSops())
        {
            using var lease = await offline.OpenInstanceAsync(new InstanceKey(study, series, sop), Hang);
            reread.Add(lease.File.SopInstanceUid!);
            Assert.True(lease.File.Dataset.Contains(DicomTags.PixelData));
        }

        Assert.Equal(BrainSops(), sops.Order(StringComparer.Ordinal));
        Assert.Equal(BrainSops().Length, restarted.Count);
        Assert.Equal(BrainSops(), reread);
    }

    [Fact]
    public async Task StoreAsync_NewInstance_IsFoundAfterwards()
    {
        var original = DicomFile.Open(TestFiles.Sample(BrainFiles[5]));
        var (study, series, sop) = (NewUid(), NewUid(), NewUid());
        var file = new DicomFile(original.FileMetaInformation.ToBuilder().Set(DicomTags.MediaStorageSOPInstanceUID, sop).ToDataset(),
            original.Dataset.ToBuilder().Set(DicomTags.PatientID, "PV-" + sop[^12..]).Set(DicomTags.StudyInstanceUID, study).Set(DicomTags.SeriesInstanceUID, series).Set(DicomTags.SOPInstanceUID, sop).ToDataset(),
            original.TransferSyntax);

        try
        {
            await Source.StoreAsync(file, Hang);

            var found = Assert.Single(await Source.SearchInstancesAsync(study, series, Hang).ToListAsync());
            Assert.Equal(sop, found.GetString(DicomTags.SOPInstanceUID));
        }
        finally
        {
            await orthanc.Server.DeleteInstanceAsync(sop); // other tests count the studies of the shared Orthanc
        }
    }

    [Fact]
    public async Task SearchStudiesAsync_AssociationRejected_ThrowsStudySourceExceptionWithoutPatientData()
    {
        await using var receiver = TestReceiver.Start(); // answers only its own AE title
        using var work = new TempDirectory();
        var source = new DimseStudySource("elsewhere", new DicomPeer("127.0.0.1", receiver.Port, "WRONGAE"), new DicomClient(), work.Path);

        var e = await Assert.ThrowsAsync<StudySourceException>(() => source.SearchStudiesAsync(new StudyQuery { PatientName = "SECRET^PATIENT" }, Hang).ToListAsync().AsTask());

        Assert.Equal("elsewhere", e.SourceId);
        Assert.Contains("refused", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetInstanceAsync_NothingListening_ThrowsStudySourceException()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        using var work = new TempDirectory();
        var source = new DimseStudySource("down", new DicomPeer("127.0.0.1", port, "PACS"), new DicomClient(), work.Path);

        var e = await Assert.ThrowsAsync<StudySourceException>(() => source.GetInstanceAsync(new InstanceKey("1.2", "1.2.3", "1.2.3.4"), Hang));

        Assert.Equal("down", e.SourceId);
    }

    private static string NewUid() => "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true).ToString(CultureInfo.InvariantCulture);
}
