using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Dicom.IO.Json;
using PacsViewer.Core.Imaging;
using PacsViewer.Core.Network.DicomWeb;
using PacsViewer.Tests.Fixtures;
using SixLabors.ImageSharp;

namespace PacsViewer.Tests.Core.Network.DicomWeb;

/// <summary>QIDO-RS and WADO-RS against a real Orthanc with its DICOMweb plugin (the shared fixture's sample files).</summary>
[Collection(OrthancCollection.Name)]
public sealed class DicomWebClientOrthancTests(OrthancFixture orthanc) : IDisposable
{
    private const string BrainFolder = "series/mr_brain_ge_axial_pd";
    private const string JpegLsMultiframe = "mr/emri_small_jpeg_ls_lossless.dcm";
    private const string RleCt = "ct/CT2_RLE.dcm";

    private readonly HttpClient _http = new() { BaseAddress = orthanc.Server.DicomWebRoot };

    private DicomWebClient Client => new(_http);

    public void Dispose() => _http.Dispose();

    private static DicomFile Open(string relative) => DicomFile.Open(TestFiles.Sample(relative));

    private static DicomDataset[] LoadedDatasets() =>
        OrthancFixture.SampleFiles.Select(f => Open(f).Dataset).ToArray();

    private static string Uid(DicomDataset d, DicomTag tag) => d.GetFirstString(tag) ?? throw new InvalidOperationException($"no {tag}");

    private static async Task<List<DicomDataset>> ToListAsync(IAsyncEnumerable<DicomDataset> source)
    {
        var list = new List<DicomDataset>();
        await foreach (var d in source)
        {
            list.Add(d);
        }
        return list;
    }

    [Fact]
    public async Task SearchStudiesAsync_NoKeys_ReturnsEveryLoadedStudy()
    {
        var expected = LoadedDatasets().Select(d => Uid(d, DicomTags.StudyInstanceUID)).ToHashSet();

        var studies = await ToListAsync(Client.SearchStudiesAsync());

        Assert.Equal(expected, studies.Select(s => Uid(s, DicomTags.StudyInstanceUID)).ToHashSet());
    }

    [Fact]
    public async Task SearchStudiesAsync_PatientIdKey_ReturnsOnlyThatPatientsStudy()
    {
        var ct = Open(RleCt).Dataset;

        var studies = await ToListAsync(Client.SearchStudiesAsync(QidoQuery.All.Match(DicomTags.PatientID, Uid(ct, DicomTags.PatientID))));

        var study = Assert.Single(studies);
        Assert.Equal(Uid(ct, DicomTags.StudyInstanceUID), Uid(study, DicomTags.StudyInstanceUID));
        Assert.Equal(ct.GetString(DicomTags.PatientName), study.GetString(DicomTags.PatientName));
    }

    [Fact]
    public async Task SearchStudiesAsync_WildcardPatientName_MatchesByPrefix()
    {
        var ct = Open(RleCt).Dataset;
        var name = ct.GetString(DicomTags.PatientName)!;

        var studies = await ToListAsync(Client.SearchStudiesAsync(QidoQuery.All.Match(DicomTags.PatientName, name[..6] + "*")));

        Assert.Equal([Uid(ct, DicomTags.StudyInstanceUID)], studies.Select(s => Uid(s, DicomTags.StudyInstanceUID)));
    }

    [Fact]
    public async Task SearchStudiesAsync_FullPersonNameWithCaret_MatchesExactly()
    {
        var ct = Open(RleCt).Dataset;
        var name = ct.GetString(DicomTags.PatientName)!;
        Assert.Contains('^', name);

        var studies = await ToListAsync(Client.SearchStudiesAsync(QidoQuery.All.Match(DicomTags.PatientName, name)));

        Assert.Equal([Uid(ct, DicomTags.StudyInstanceUID)], studies.Select(s => Uid(s, DicomTags.StudyInstanceUID)));
    }

    [Fact]
    public async Task SearchStudiesAsync_FuzzyMatching_OrthancAcceptsItAndMatchesAsWithout()
    {
        // PS3.18 8.3.4.1: fuzzymatching=true asks for fuzzy semantic matching of person names, which a server may not
        // support. Orthanc 1.10 with DICOMweb 1.7 accepts the parameter (200, no Warning header) and ignores it: person
        // names match case-insensitively with or without it, a misspelt name or one name component alone never match.
        var ct = Open(RleCt).Dataset;
        var study = Uid(ct, DicomTags.StudyInstanceUID);
        var name = ct.GetString(DicomTags.PatientName)!; // "CompressedSamples^CT2"
        var given = name[(name.IndexOf('^', StringComparison.Ordinal) + 1)..];
        var misspelt = name.Remove(5, 1);
        async Task<HashSet<string>> FindAsync(string value, bool fuzzy)
        {
            var query = QidoQuery.All.Match(DicomTags.PatientName, value) with { FuzzyMatching = fuzzy };
            Assert.Equal(fuzzy, query.ToQueryString().EndsWith("&fuzzymatching=true", StringComparison.Ordinal));
            return (await ToListAsync(Client.SearchStudiesAsync(query))).Select(s => Uid(s, DicomTags.StudyInstanceUID)).ToHashSet();
        }

        Assert.Equal([study], await FindAsync(name.ToLowerInvariant(), fuzzy: true));
        Assert.Equal([study], await FindAsync(name.ToLowerInvariant(), fuzzy: false));
        Assert.Empty(await FindAsync(given, fuzzy: true));
        Assert.Empty(await FindAsync(given, fuzzy: false));
        Assert.Empty(await FindAsync(misspelt, fuzzy: true));
    }

    [Fact]
    public async Task SearchStudiesAsync_StudyDateRange_ReturnsStudiesDatedInsideIt()
    {
        var from = new DateOnly(2000, 1, 1);
        var to = new DateOnly(2003, 12, 31);
        var expected = LoadedDatasets().Where(d => d.GetDate(DicomTags.StudyDate) is { } date && date >= from && date <= to)
            .Select(d => Uid(d, DicomTags.StudyInstanceUID)).ToHashSet();
        Assert.True(expected.Count >= 2, "the samples have studies in the range");

        var studies = await ToListAsync(Client.SearchStudiesAsync(QidoQuery.All.Match(DicomTags.StudyDate, "20000101-20031231")));

        Assert.Equal(expected, studies.Select(s => Uid(s, DicomTags.StudyInstanceUID)).ToHashSet());
        Assert.All(studies, s => Assert.InRange(s.GetDate(DicomTags.StudyDate)!.Value, from, to));
    }

    [Fact]
    public async Task SearchStudiesAsync_LimitAndOffset_PagesWithoutOverlap()
    {
        var all = await ToListAsync(Client.SearchStudiesAsync());
        var paged = new List<string>();
        for (var offset = 0; offset < all.Count; offset += 2)
        {
            var page = await ToListAsync(Client.SearchStudiesAsync(QidoQuery.All with { Limit = 2, Offset = offset }));
            Assert.InRange(page.Count, 1, 2);
            paged.AddRange(page.Select(s => Uid(s, DicomTags.StudyInstanceUID)));
        }

        Assert.Equal(all.Count, paged.Count);
        Assert.Equal(all.Select(s => Uid(s, DicomTags.StudyInstanceUID)).ToHashSet(), paged.ToHashSet());
    }

    [Fact]
    public async Task SearchStudiesAsync_IncludeField_ReturnsTheAskedAttribute()
    {
        var brain = Open($"{BrainFolder}/brain_001.dcm").Dataset;
        var query = QidoQuery.All.Match(DicomTags.StudyInstanceUID, Uid(brain, DicomTags.StudyInstanceUID)).Include(DicomTags.StudyDescription);

        var study = Assert.Single(await ToListAsync(Client.SearchStudiesAsync(query)));

        Assert.Equal(brain.GetString(DicomTags.StudyDescription), study.GetString(DicomTags.StudyDescription));
    }

    [Fact]
    public async Task SearchSeriesAndInstancesAsync_BrainStudy_ReturnOneSeriesOfTwentyInstances()
    {
        var files = Enumerable.Range(1, 20).Select(i => Open($"{BrainFolder}/brain_{i:000}.dcm").Dataset).ToArray();
        var study = Uid(files[0], DicomTags.StudyInstanceUID);

        var series = Assert.Single(await ToListAsync(Client.SearchSeriesAsync(study)));
        Assert.Equal(Uid(files[0], DicomTags.SeriesInstanceUID), Uid(series, DicomTags.SeriesInstanceUID));
        Assert.Equal("MR", series.GetString(DicomTags.Modality));
        var instances = await ToListAsync(Client.SearchInstancesAsync(study, Uid(series, DicomTags.SeriesInstanceUID)));
        var fifth = await ToListAsync(Client.SearchInstancesAsync(study, Uid(series, DicomTags.SeriesInstanceUID),
            QidoQuery.All.Match(DicomTags.InstanceNumber, "5")));

        Assert.Equal(files.Select(f => Uid(f, DicomTags.SOPInstanceUID)).Order(), instances.Select(i => Uid(i, DicomTags.SOPInstanceUID)).Order());
        Assert.Equal(Uid(files[4], DicomTags.SOPInstanceUID), Uid(Assert.Single(fifth), DicomTags.SOPInstanceUID));
    }

    [Fact]
    public async Task RetrieveSeriesMetadataAsync_BrainSeries_MatchesTheFilesAndPointsToBulkData()
    {
        var files = Enumerable.Range(1, 20).Select(i => Open($"{BrainFolder}/brain_{i:000}.dcm").Dataset)
            .ToDictionary(d => Uid(d, DicomTags.SOPInstanceUID));
        var first = files.Values.First();

        var metadata = await ToListAsync(Client.RetrieveSeriesMetadataAsync(Uid(first, DicomTags.StudyInstanceUID), Uid(first, DicomTags.SeriesInstanceUID)));

        Assert.Equal(files.Keys.Order(), metadata.Select(m => Uid(m, DicomTags.SOPInstanceUID)).Order());
        foreach (var m in metadata)
        {
            var file = files[Uid(m, DicomTags.SOPInstanceUID)];
            foreach (var tag in new[] { DicomTags.PatientID, DicomTags.InstanceNumber, DicomTags.Rows, DicomTags.Columns, DicomTags.BitsAllocated })
            {
                Assert.Equal(file.GetString(tag), m.GetString(tag));
            }
            // DS values travel as JSON numbers (PS3.18 F.2.3.1): Orthanc writes them with 17 digits, so compare numbers.
            foreach (var tag in new[] { DicomTags.ImagePositionPatient, DicomTags.PixelSpacing, DicomTags.SliceThickness })
            {
                var expected = file.GetNumbers(tag).Values;
                var actual = m.GetNumbers(tag).Values;
                Assert.Equal(expected.Length, actual.Length);
                Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-9));
            }
            var pixels = Assert.IsType<DicomValueElement>(m[DicomTags.PixelData]);
            var reference = Assert.IsType<DicomBulkDataReference>(pixels.Value);
            Assert.StartsWith(orthanc.Server.DicomWebRoot.ToString(), reference.Uri, StringComparison.Ordinal);
        }

        // The bulk data behind one BulkDataURI is the file's pixel data.
        var one = metadata[0];
        var uri = ((DicomBulkDataReference)((DicomValueElement)one[DicomTags.PixelData]!).Value).Uri;
        var bytes = await Client.RetrieveBulkDataAsync(uri);
        Assert.True(files[Uid(one, DicomTags.SOPInstanceUID)].GetBytes(DicomTags.PixelData).Span.SequenceEqual(bytes.Span), "bulk data differs from the file's pixel data");
    }

    [Fact]
    public async Task RetrieveInstanceAsync_AnyTransferSyntax_ReturnsTheStoredRleObject()
    {
        var file = Open(RleCt);
        var d = file.Dataset;

        var retrieved = await Client.RetrieveInstanceAsync(Uid(d, DicomTags.StudyInstanceUID), Uid(d, DicomTags.SeriesInstanceUID), Uid(d, DicomTags.SOPInstanceUID));

        Assert.Equal(DicomTransferSyntax.RleLossless.Uid, retrieved.TransferSyntax.Uid);
        DatasetAssert.Equal(d, retrieved.Dataset, e => e.Tag.IsGroupLength);
    }

    [Fact]
    public async Task RetrieveSeriesAsync_BrainSeries_YieldsEveryInstanceEqualToItsFile()
    {
        var files = Enumerable.Range(1, 20).Select(i => Open($"{BrainFolder}/brain_{i:000}.dcm").Dataset)
            .ToDictionary(d => Uid(d, DicomTags.SOPInstanceUID));
        var first = files.Values.First();

        var seen = new HashSet<string>();
        await foreach (var instance in Client.RetrieveSeriesAsync(Uid(first, DicomTags.StudyInstanceUID), Uid(first, DicomTags.SeriesInstanceUID)))
        {
            var sop = instance.SopInstanceUid!;
            Assert.True(seen.Add(sop), $"{sop} came twice");
            Assert.True(files[sop].GetBytes(DicomTags.PixelData).Span.SequenceEqual(instance.Dataset.GetBytes(DicomTags.PixelData).Span));
            Assert.Equal(files[sop].GetString(DicomTags.ImagePositionPatient), instance.Dataset.GetString(DicomTags.ImagePositionPatient));
        }

        Assert.Equal(20, seen.Count);
    }

    [Fact]
    public async Task RetrieveFramesAsync_NativeRequest_ReturnsExplicitLittleEndianPixels()
    {
        var d = Open($"{BrainFolder}/brain_003.dcm").Dataset;

        var frames = await Client.RetrieveFramesAsync(Uid(d, DicomTags.StudyInstanceUID), Uid(d, DicomTags.SeriesInstanceUID), Uid(d, DicomTags.SOPInstanceUID), [1]);

        var frame = Assert.Single(frames);
        Assert.Equal(1, frame.FrameNumber);
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, frame.TransferSyntaxUid);
        Assert.True(d.GetBytes(DicomTags.PixelData).Span.SequenceEqual(frame.Data.Span), "frame differs from the file's pixel data");
    }

    [Fact]
    public async Task RetrieveFramesAsync_JpegLsNative_ReturnsDecodedFramesOfTheRightSize()
    {
        var d = Open(JpegLsMultiframe).Dataset;
        var frameBytes = d.GetInt32(DicomTags.Rows, 0) * d.GetInt32(DicomTags.Columns, 0) * 2;

        var frames = await Client.RetrieveFramesAsync(Uid(d, DicomTags.StudyInstanceUID), Uid(d, DicomTags.SeriesInstanceUID), Uid(d, DicomTags.SOPInstanceUID), [1, 3]);

        Assert.Equal([1, 3], frames.Select(f => f.FrameNumber));
        Assert.All(frames, f => Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, f.TransferSyntaxUid));
        Assert.All(frames, f => Assert.Equal(frameBytes, f.Data.Length));
        Assert.False(frames[0].Data.Span.SequenceEqual(frames[1].Data.Span), "frames 1 and 3 differ");
    }

    [Fact]
    public async Task RetrieveFramesAsync_AnyTransferSyntax_ReturnsTheStoredJpegLsBitstream()
    {
        var file = Open(JpegLsMultiframe);
        var d = file.Dataset;

        var frames = await Client.RetrieveFramesAsync(Uid(d, DicomTags.StudyInstanceUID), Uid(d, DicomTags.SeriesInstanceUID), Uid(d, DicomTags.SOPInstanceUID), [2],
            DicomWebMediaTypes.AnyTransferSyntax);

        var frame = Assert.Single(frames);
        Assert.Equal(DicomTransferSyntax.JpegLSLossless.Uid, frame.TransferSyntaxUid);
        Assert.Equal("image/jls", frame.MediaType);
        var stored = FrameReader.JoinFrameFragments(d, file.TransferSyntax, 1);
        Assert.True(stored.AsSpan().SequenceEqual(frame.Data.Span), $"frame 2: {frame.Data.Length} bytes, the file's fragment {stored.Length}");
    }

    [Fact]
    public async Task RetrieveRenderedAsync_Viewport_ReturnsPngOfThatSize()
    {
        var d = Open(JpegLsMultiframe).Dataset;

        var rendered = await Client.RetrieveRenderedAsync(Uid(d, DicomTags.StudyInstanceUID), Uid(d, DicomTags.SeriesInstanceUID), Uid(d, DicomTags.SOPInstanceUID),
            frameNumber: 1, accept: "image/png", viewport: (32, 32));

        Assert.Equal("image/png", rendered.MediaType);
        var info = Image.Identify(rendered.Data.ToArray());
        Assert.Equal((32, 32), (info.Width, info.Height));
    }

    [Fact]
    public async Task RetrieveSeriesMetadataAsync_UnknownSeries_ThrowsWithStatusAndPath()
    {
        var e = await Assert.ThrowsAsync<DicomWebException>(() => ToListAsync(Client.RetrieveSeriesMetadataAsync("1.2.3", "4.5.6")));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal("/dicom-web/studies/1.2.3/series/4.5.6/metadata", e.Path);
    }

    [Fact]
    public async Task RetrieveBulkDataAsync_OtherServer_IsRefusedWithoutRequest()
    {
        var e = await Assert.ThrowsAsync<DicomWebException>(() => Client.RetrieveBulkDataAsync("http://198.51.100.7/dicom-web/bulk/1"));

        Assert.Contains("another server", e.Message, StringComparison.Ordinal);
    }
}
