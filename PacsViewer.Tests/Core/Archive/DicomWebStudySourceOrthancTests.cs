using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Archive;

/// <summary>The DICOMweb <see cref="IStudySource"/> as the app builds it (AddPacsViewerCore + Pacs:Sources), against Orthanc.</summary>
[Collection(OrthancCollection.Name)]
public sealed class DicomWebStudySourceOrthancTests(OrthancFixture orthanc) : IAsyncLifetime
{
    private readonly TempDirectory _cache = new("pacsviewer-cache-");
    private ServiceProvider? _provider;

    private IStudySource Source => _provider!.GetRequiredKeyedService<IStudySource>("orthanc");

    public Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pacs:Sources:0:Name"] = "orthanc",
            ["Pacs:Sources:0:Kind"] = "dicomweb",
            ["Pacs:Sources:0:Url"] = orthanc.Server.DicomWebRoot.ToString().TrimEnd('/'),
            ["Pacs:Sources:0:TimeoutSeconds"] = "30",
            ["Cache:Path"] = _cache.Path,
            ["Pacs:Sources:1:Name"] = "modality",
            ["Pacs:Sources:1:Kind"] = "dimse",
            ["Pacs:Sources:1:AeTitle"] = "ORTHANC",
            ["Pacs:Sources:1:Host"] = "127.0.0.1",
            ["Pacs:Sources:1:Port"] = orthanc.Server.DicomPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _provider = new ServiceCollection()
            .AddPacsViewerCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
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

    [Fact]
    public void AddPacsViewerCore_DicomWebAndDimseSources_RegistersBothBehindTheRetrievalCache()
    {
        var sources = _provider!.GetServices<IStudySource>().OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();

        Assert.Equal(["archive", "modality", "orthanc"], sources.Select(s => s.Id));
        Assert.IsType<PacsViewer.Core.Archive.Local.LocalArchive>(sources[0]); // the built-in archive is not cached again
        Assert.IsType<DimseStudySource>(Assert.IsType<PacsViewer.Core.Archive.Caching.CachingStudySource>(sources[1]).Inner);
        Assert.IsType<DicomWebStudySource>(Assert.IsType<PacsViewer.Core.Archive.Caching.CachingStudySource>(sources[2]).Inner);
    }

    [Fact]
    public async Task SearchStudiesAsync_PatientIdAndDateRange_FindsTheStudy()
    {
        var brain = Open("series/mr_brain_ge_axial_pd/brain_001.dcm");
        var date = brain.GetDate(DicomTags.StudyDate)!.Value;

        var hits = await Source.SearchStudiesAsync(new StudyQuery
        {
            PatientId = brain.GetString(DicomTags.PatientID),
            StudyDateFrom = date.AddDays(-1),
            StudyDateTo = date.AddDays(1),
        }).ToListAsync();
        var misses = await Source.SearchStudiesAsync(new StudyQuery
        {
            PatientId = brain.GetString(DicomTags.PatientID),
            StudyDateFrom = date.AddDays(1),
        }).ToListAsync();

        var study = Assert.Single(hits);
        Assert.Equal(brain.GetString(DicomTags.StudyInstanceUID), study.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(brain.GetString(DicomTags.StudyDescription), study.GetString(DicomTags.StudyDescription));
        Assert.Empty(misses);
    }

    [Fact]
    public async Task SearchStudiesAsync_ModalityAndLimit_ReturnsAtMostTheLimit()
    {
        var mr = await Source.SearchStudiesAsync(new StudyQuery { Modality = "MR" }).ToListAsync();
        var limited = await Source.SearchStudiesAsync(new StudyQuery { Modality = "MR", Limit = 1 }).ToListAsync();

        Assert.True(mr.Count >= 2, $"{mr.Count} MR studies");
        Assert.All(mr, s => Assert.Contains("MR", s.GetStrings(DicomTags.ModalitiesInStudy)));
        Assert.Single(limited);
    }

    [Fact]
    public async Task SeriesInstancesMetadataAndInstance_BrainSeries_AreConsistent()
    {
        var brain = Open("series/mr_brain_ge_axial_pd/brain_007.dcm");
        var study = brain.GetString(DicomTags.StudyInstanceUID)!;

        var series = Assert.Single(await Source.SearchSeriesAsync(study).ToListAsync());
        var seriesUid = series.GetString(DicomTags.SeriesInstanceUID)!;
        var instances = await Source.SearchInstancesAsync(study, seriesUid).ToListAsync();
        var metadata = await Source.GetSeriesMetadataAsync(study, seriesUid).ToListAsync();
        var file = await Source.GetInstanceAsync(new InstanceKey(study, seriesUid, brain.GetString(DicomTags.SOPInstanceUID)!));

        Assert.Equal(brain.GetString(DicomTags.SeriesDescription), series.GetString(DicomTags.SeriesDescription));
        Assert.Equal(20, instances.Count);
        Assert.Equal(instances.Select(i => i.GetString(DicomTags.SOPInstanceUID)).Order(), metadata.Select(m => m.GetString(DicomTags.SOPInstanceUID)).Order());
        DatasetAssert.Equal(brain, file.Dataset, e => e.Tag.IsGroupLength);
    }

    [Theory]
    [InlineData(0)] // nothing cached: one WADO-RS series request, no QIDO-RS listing
    [InlineData(2)] // some cached: listed first, the 18 missing from one series request shared with their retrievals
    public async Task RetrieveSeriesAsync_BehindTheCache_KeepsEachInstanceByteForByteAsOrthancStoredIt(int cachedBefore)
    {
        // The streaming path: each WADO-RS part is copied to the cache's file as it arrives, never parsed and rewritten.
        var folder = TestFiles.Sample("series/mr_brain_ge_axial_pd");
        var brain = Open("series/mr_brain_ge_axial_pd/brain_001.dcm");
        var caching = Assert.IsType<PacsViewer.Core.Archive.Caching.CachingStudySource>(Source);
        Assert.IsAssignableFrom<IStagingStudySource>(caching.Inner);
        for (var i = 1; i <= cachedBefore; i++)
        {
            var early = Open($"series/mr_brain_ge_axial_pd/brain_{i:000}.dcm");
            using var _ = await caching.OpenInstanceAsync(new InstanceKey(early.GetString(DicomTags.StudyInstanceUID)!,
                early.GetString(DicomTags.SeriesInstanceUID)!, early.GetString(DicomTags.SOPInstanceUID)!));
        }
        var sops = new List<string>();

        await foreach (var lease in caching.RetrieveSeriesAsync(brain.GetString(DicomTags.StudyInstanceUID)!, brain.GetString(DicomTags.SeriesInstanceUID)!))
        {
            using (lease)
            {
                sops.Add(lease.Key.SopInstanceUid);
                Assert.Equal(lease.Key.SopInstanceUid, lease.File.SopInstanceUid);
            }
        }

        static string Hash(string path) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        var cached = Directory.GetFiles(_cache.Path).Where(p => !Path.GetFileName(p).StartsWith("index.json", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, sops.Count);
        Assert.Equal(20, sops.Distinct().Count());
        Assert.All(cached, p => Assert.EndsWith(".dcm", p, StringComparison.Ordinal)); // no temporary file left
        Assert.Equal(Directory.GetFiles(folder).Select(Hash).Order(), cached.Select(Hash).Order());
    }

    [Fact]
    public async Task GetInstanceAsync_UnknownInstance_ThrowsStudyObjectNotFoundExceptionNamingTheSource()
    {
        var e = await Assert.ThrowsAsync<StudyObjectNotFoundException>(() => Source.GetInstanceAsync(new InstanceKey("1.2.3", "1.2.3.4", "1.2.3.4.5")));

        Assert.Equal("orthanc", e.SourceId);
        Assert.StartsWith("orthanc: DICOMweb GET /dicom-web/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5: HTTP 404", e.Message, StringComparison.Ordinal);
    }
}
