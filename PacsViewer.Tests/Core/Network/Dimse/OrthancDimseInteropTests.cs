using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Core.Network.Dimse;

/// <summary>
/// <see cref="DicomClient"/> against Orthanc (loaded by <see cref="OrthancFixture"/>): C-ECHO, C-FIND at each level in
/// both models, C-MOVE to our receiver, C-GET and C-STORE, each compared with the files that were uploaded.
/// </summary>
[Collection(OrthancCollection.Name)]
public sealed class OrthancDimseInteropTests(OrthancFixture orthanc)
{
    private static readonly string[] BrainFiles = OrthancFixture.SampleFiles.Where(f => f.StartsWith("series/mr_brain", StringComparison.Ordinal)).ToArray();

    private readonly DicomClient _client = new(new DicomClientOptions { CallingAeTitle = "PVINTEROP" });

    private DicomPeer Orthanc => new("127.0.0.1", orthanc.Server.DicomPort, orthanc.Server.AeTitle);

    private static DicomDataset Open(string relative) => DicomFile.Open(TestFiles.Sample(relative)).Dataset;

    private static DicomDataset Brain => Open(BrainFiles[0]);

    private static CancellationToken Hang => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    private async Task<List<DicomDataset>> FindAsync(QueryRetrieveModel model, QueryRetrieveLevel level, DicomDatasetBuilder identifier)
    {
        var list = new List<DicomDataset>();
        await foreach (var found in _client.FindAsync(Orthanc, model, level, identifier.ToDataset(), Hang))
        {
            list.Add(found);
        }
        return list;
    }

    private static string NewUid() => "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task EchoAsync_Orthanc_AnswersSuccess()
    {
        var status = await _client.EchoAsync(Orthanc, Hang);

        Assert.True(status.IsSuccess, status.ToString());
    }

    [Fact]
    public async Task FindAsync_PatientRootPatientLevel_FindsTheUploadedPatient()
    {
        var brain = Brain;

        var found = await FindAsync(QueryRetrieveModel.PatientRoot, QueryRetrieveLevel.Patient, new DicomDatasetBuilder()
            .Set(DicomTags.PatientID, brain.GetString(DicomTags.PatientID)!)
            .Set(DicomTags.PatientName)
            .Set(DicomTags.PatientBirthDate));

        var patient = Assert.Single(found);
        Assert.Equal(brain.GetString(DicomTags.PatientID), patient.GetString(DicomTags.PatientID));
        Assert.Equal(brain.GetString(DicomTags.PatientName) ?? "", patient.GetString(DicomTags.PatientName) ?? "");
        Assert.Equal(brain.GetString(DicomTags.PatientBirthDate) ?? "", patient.GetString(DicomTags.PatientBirthDate) ?? "");
    }

    [Fact]
    public async Task FindAsync_StudyRootStudyLevel_ReturnsEveryUploadedStudy()
    {
        var uploaded = OrthancFixture.SampleFiles.Select(f => Open(f).GetString(DicomTags.StudyInstanceUID)!).ToHashSet(StringComparer.Ordinal);

        var found = await FindAsync(QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Study, new DicomDatasetBuilder()
            .Set(DicomTags.StudyInstanceUID)
            .Set(DicomTags.PatientID)
            .Set(DicomTags.StudyDate));

        var studies = found.Select(d => d.GetString(DicomTags.StudyInstanceUID)!).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(studies, uploaded);
    }

    [Fact]
    public async Task FindAsync_PatientRootStudyLevel_ReturnsTheStudyWithItsAttributes()
    {
        var brain = Brain;

        var found = await FindAsync(QueryRetrieveModel.PatientRoot, QueryRetrieveLevel.Study, new DicomDatasetBuilder()
            .Set(DicomTags.PatientID, brain.GetString(DicomTags.PatientID)!)
            .Set(DicomTags.StudyInstanceUID)
            .Set(DicomTags.StudyDate)
            .Set(DicomTags.NumberOfStudyRelatedInstances));

        var study = Assert.Single(found, d => d.GetString(DicomTags.StudyInstanceUID) == brain.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(brain.GetString(DicomTags.StudyDate), study.GetString(DicomTags.StudyDate));
        Assert.Equal(BrainFiles.Length.ToString(CultureInfo.InvariantCulture), study.GetString(DicomTags.NumberOfStudyRelatedInstances));
    }

    [Fact]
    public async Task FindAsync_StudyRootSeriesLevel_ReturnsTheSeriesOfTheStudy()
    {
        var brain = Brain;

        var found = await FindAsync(QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Series, new DicomDatasetBuilder()
            .Set(DicomTags.StudyInstanceUID, brain.GetString(DicomTags.StudyInstanceUID)!)
            .Set(DicomTags.SeriesInstanceUID)
            .Set(DicomTags.Modality)
            .Set(DicomTags.NumberOfSeriesRelatedInstances));

        var series = Assert.Single(found);
        Assert.Equal(brain.GetString(DicomTags.SeriesInstanceUID), series.GetString(DicomTags.SeriesInstanceUID));
        Assert.Equal("MR", series.GetString(DicomTags.Modality));
        Assert.Equal(BrainFiles.Length.ToString(CultureInfo.InvariantCulture), series.GetString(DicomTags.NumberOfSeriesRelatedInstances));
    }

    [Theory]
    [InlineData(QueryRetrieveModel.StudyRoot)]
    [InlineData(QueryRetrieveModel.PatientRoot)]
    public async Task FindAsync_ImageLevel_ReturnsEveryInstanceOfTheSeries(QueryRetrieveModel model)
    {
        var brain = Brain;
        var identifier = new DicomDatasetBuilder()
            .Set(DicomTags.StudyInstanceUID, brain.GetString(DicomTags.StudyInstanceUID)!)
            .Set(DicomTags.SeriesInstanceUID, brain.GetString(DicomTags.SeriesInstanceUID)!)
            .Set(DicomTags.SOPInstanceUID)
            .Set(DicomTags.InstanceNumber);
        if (model == QueryRetrieveModel.PatientRoot)
        {
            identifier.Set(DicomTags.PatientID, brain.GetString(DicomTags.PatientID)!);
        }

        var found = await FindAsync(model, QueryRetrieveLevel.Image, identifier);

        var expected = BrainFiles.Select(f => (Open(f).GetString(DicomTags.SOPInstanceUID)!, Open(f).GetString(DicomTags.InstanceNumber))).Order().ToArray();
        Assert.Equal(expected, found.Select(d => (d.GetString(DicomTags.SOPInstanceUID)!, d.GetString(DicomTags.InstanceNumber))).Order().ToArray());
    }

    [Fact]
    public async Task MoveAsync_StudyToOurReceiver_StoresEveryInstanceWithSubOperationCounts()
    {
        var brain = Brain;
        var aeTitle = "PVMOVE" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await using var receiver = TestReceiver.Start(configure: o => o with { AeTitle = aeTitle });
        await orthanc.Server.AddModalityAsync(new OrthancModality(aeTitle.ToLowerInvariant(), aeTitle, receiver.Port));
        var progress = new List<SubOperationProgress>();

        var result = await _client.MoveAsync(Orthanc, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Study,
            new DicomDatasetBuilder().Set(DicomTags.StudyInstanceUID, brain.GetString(DicomTags.StudyInstanceUID)!).ToDataset(),
            aeTitle, new SynchronousProgress(progress), Hang);

        Assert.True(result.Status.IsSuccess, result.Status.ToString());
        Assert.Equal(BrainFiles.Length, result.Progress?.Completed ?? progress.LastOrDefault()?.Completed);
        Assert.Equal(0, result.Progress?.Failed ?? 0);
        var received = receiver.ReceivedFiles().Select(f => DicomFile.Open(f).SopInstanceUid!).Order(StringComparer.Ordinal);
        Assert.Equal(BrainFiles.Select(f => Open(f).GetString(DicomTags.SOPInstanceUID)!).Order(StringComparer.Ordinal), received);
    }

    [Fact]
    public async Task MoveAsync_UnknownDestination_AnswersAFailureStatus()
    {
        var result = await _client.MoveAsync(Orthanc, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Study,
            new DicomDatasetBuilder().Set(DicomTags.StudyInstanceUID, Brain.GetString(DicomTags.StudyInstanceUID)!).ToDataset(),
            "NOSUCHAE", null, Hang);

        Assert.True(result.Status.IsFailure, result.Status.ToString());
    }

    [Fact]
    public async Task GetAsync_Series_ReceivesFilesEqualToTheUploadedOnes()
    {
        var brain = Brain;
        using var output = new TempDirectory();
        var announced = new List<string>();

        var result = await _client.GetAsync(Orthanc, QueryRetrieveModel.StudyRoot, QueryRetrieveLevel.Series,
            new DicomDatasetBuilder()
                .Set(DicomTags.StudyInstanceUID, brain.GetString(DicomTags.StudyInstanceUID)!)
                .Set(DicomTags.SeriesInstanceUID, brain.GetString(DicomTags.SeriesInstanceUID)!).ToDataset(),
            output.Path, null, (path, _) =>
            {
                Assert.True(File.Exists(path)); // durable before it is announced
                announced.Add(path);
                return Task.CompletedTask;
            }, Hang);

        Assert.True(result.Status.IsSuccess, result.Status.ToString());
        Assert.Equal(BrainFiles.Length, result.Files.Count);
        Assert.Equal(result.Files, announced);
        var bySop = result.Files.Select(f => DicomFile.Open(f)).ToDictionary(f => f.SopInstanceUid!, StringComparer.Ordinal);
        foreach (var relative in BrainFiles)
        {
            var original = DicomFile.Open(TestFiles.Sample(relative));
            var received = bySop[original.SopInstanceUid!];
            Assert.Equal(original.Dataset.GetBytes(DicomTags.PixelData).ToArray(), received.Dataset.GetBytes(DicomTags.PixelData).ToArray());
            foreach (var tag in new[] { DicomTags.PatientID, DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID, DicomTags.InstanceNumber, DicomTags.Rows, DicomTags.Columns })
            {
                Assert.Equal(original.Dataset.GetString(tag), received.Dataset.GetString(tag));
            }
        }
    }

    [Fact]
    public async Task StoreAsync_NewInstances_CanBeReadBackThroughOrthanc()
    {
        var sources = new[] { "ct/CT2_RLE.dcm", BrainFiles[1] };
        var study = NewUid();
        using var output = new TempDirectory();
        var paths = new List<string>();
        var sops = new List<string>();
        foreach (var relative in sources)
        {
            var original = DicomFile.Open(TestFiles.Sample(relative));
            var sop = NewUid();
            var dataset = original.Dataset.ToBuilder()
                .Set(DicomTags.PatientID, "PV-" + study[^12..]) // not the sample's patient, whose searches other tests count
                .Set(DicomTags.StudyInstanceUID, study)
                .Set(DicomTags.SeriesInstanceUID, NewUid())
                .Set(DicomTags.SOPInstanceUID, sop)
                .ToDataset();
            var meta = original.FileMetaInformation.ToBuilder().Set(DicomTags.MediaStorageSOPInstanceUID, sop).ToDataset();
            var path = output.File($"{sops.Count}.dcm");
            DicomFileWriter.Write(path, new DicomFile(meta, dataset, original.TransferSyntax));
            paths.Add(path);
            sops.Add(sop);
        }

        try
        {
            await StoreAndReadBackAsync(paths, sops, study);
        }
        finally
        {
            foreach (var sop in sops)
            {
                await orthanc.Server.DeleteInstanceAsync(sop); // other tests count the studies of the shared Orthanc
            }
        }
    }

    private async Task StoreAndReadBackAsync(List<string> paths, List<string> sops, string study)
    {
        var results = await _client.StoreAsync(Orthanc, paths, Hang);

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error ?? r.Status.ToString()));
        foreach (var sop in sops)
        {
            using var lookup = await orthanc.Server.Rest.PostAsync("tools/lookup", new StringContent(sop));
            lookup.EnsureSuccessStatusCode();
            var hits = JsonNode.Parse(await lookup.Content.ReadAsStringAsync())!.AsArray();
            var hit = Assert.Single(hits);
            Assert.Equal("Instance", hit!["Type"]!.GetValue<string>());
            var tags = await orthanc.Server.Rest.GetFromJsonAsync<JsonObject>($"instances/{hit["ID"]!.GetValue<string>()}/simplified-tags");
            Assert.Equal(study, tags!["StudyInstanceUID"]!.GetValue<string>());
        }
    }

    /// <summary>Records progress reports on the reporting thread (Progress&lt;T&gt; would post them later).</summary>
    private sealed class SynchronousProgress(List<SubOperationProgress> reports) : IProgress<SubOperationProgress>
    {
        public void Report(SubOperationProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
