using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Tests.Core.Archive.Local;

/// <summary>
/// The archive's storage and index, run against each database provider by the derived classes
/// (<see cref="SqliteLocalArchiveTests"/>, <see cref="PostgresLocalArchiveTests"/>).
/// </summary>
public abstract class LocalArchiveTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("pacs-archive-").FullName;
    private LocalArchive? _archive;

    protected LocalArchive Archive => _archive ?? throw new InvalidOperationException("not initialised");

    protected string Root => _root;

    /// <summary>A fresh, empty database of the provider under test.</summary>
    protected abstract Task<DatabaseOptions> CreateDatabaseAsync(string folder);

    public async Task InitializeAsync()
    {
        var database = await CreateDatabaseAsync(_root);
        _archive = new LocalArchive(new ArchiveDatabase(database), new ArchiveOptions { Path = Path.Combine(_root, "archive") });
        await _archive.InitializeAsync();
    }

    public Task DisposeAsync()
    {
        _archive?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private static async Task<List<DicomDataset>> ListAsync(IAsyncEnumerable<DicomDataset> source)
    {
        var list = new List<DicomDataset>();
        await foreach (var item in source)
        {
            list.Add(item);
        }
        return list;
    }

    private Task<List<DicomDataset>> StudiesAsync(StudyQuery query) => ListAsync(Archive.SearchStudiesAsync(query));

    private string[] StoredFiles() => Directory.EnumerateFiles(Path.Combine(Archive.RootPath, "objects"), "*", SearchOption.AllDirectories).ToArray();

    [Fact]
    public async Task AddAsync_NewObject_StoredUnderGeneratedNameAndFoundAtEveryLevel()
    {
        var result = await Archive.AddAsync(ArchiveTestObjects.Create("1.2.3", "1.2.3.4", "1.2.3.4.5"));

        Assert.Equal(ArchiveStoreOutcome.Stored, result.Outcome);
        var file = Assert.Single(StoredFiles());
        Assert.DoesNotContain("1.2.3", Path.GetFileName(file), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Archive.RootPath, "tmp")));

        var study = Assert.Single(await StudiesAsync(new StudyQuery()));
        Assert.Equal("1.2.3", study.GetFirstString(DicomTags.StudyInstanceUID));
        Assert.Equal("DOE^JOHN", study.GetFirstString(DicomTags.PatientName));
        Assert.Equal("ID1", study.GetFirstString(DicomTags.PatientID));
        Assert.Equal("19700102", study.GetFirstString(DicomTags.PatientBirthDate));
        Assert.Equal("20240101", study.GetFirstString(DicomTags.StudyDate));
        Assert.Equal("CT", study.GetFirstString(DicomTags.ModalitiesInStudy));
        Assert.Equal("ACC1", study.GetFirstString(DicomTags.AccessionNumber));
        Assert.Equal("CHEST", study.GetFirstString(DicomTags.StudyDescription));
        Assert.Equal(1, study.GetInt32(DicomTags.NumberOfStudyRelatedSeries, -1));
        Assert.Equal(1, study.GetInt32(DicomTags.NumberOfStudyRelatedInstances, -1));
        Assert.False(study.Contains(DicomTags.SpecificCharacterSet));

        var series = Assert.Single(await ListAsync(Archive.SearchSeriesAsync("1.2.3")));
        Assert.Equal("1.2.3.4", series.GetFirstString(DicomTags.SeriesInstanceUID));
        Assert.Equal("CT", series.GetFirstString(DicomTags.Modality));
        Assert.Equal(3, series.GetInt32(DicomTags.SeriesNumber, -1));
        Assert.Equal(1, series.GetInt32(DicomTags.NumberOfSeriesRelatedInstances, -1));

        var instance = Assert.Single(await ListAsync(Archive.SearchInstancesAsync("1.2.3", "1.2.3.4")));
        Assert.Equal("1.2.3.4.5", instance.GetFirstString(DicomTags.SOPInstanceUID));
        Assert.Equal(ArchiveTestObjects.SecondaryCapture, instance.GetFirstString(DicomTags.SOPClassUID));
        Assert.Equal(1, instance.GetInt32(DicomTags.InstanceNumber, -1));
        Assert.Equal(4, instance.GetInt32(DicomTags.Rows, -1));
    }

    [Fact]
    public async Task GetInstanceAsync_StoredObject_ReturnsSamePixelData()
    {
        await Archive.AddAsync(ArchiveTestObjects.Create("1.2.3", "1.2.3.4", "1.2.3.4.5", instanceNumber: 9));

        var file = await Archive.GetInstanceAsync(new InstanceKey("1.2.3", "1.2.3.4", "1.2.3.4.5"));

        Assert.Equal(ArchiveTestObjects.Pixels(9), file.Dataset.GetBytes(DicomTags.PixelData).ToArray());
    }

    [Fact]
    public async Task GetInstanceAsync_UnknownInstance_ThrowsStudyObjectNotFoundException()
    {
        await Archive.AddAsync(ArchiveTestObjects.Create("1.2.3", "1.2.3.4", "1.2.3.4.5"));

        var e = await Assert.ThrowsAsync<StudyObjectNotFoundException>(() => Archive.GetInstanceAsync(new InstanceKey("1.2.3", "1.2.3.4", "1.2.3.4.6")));

        Assert.Equal("archive", e.SourceId);
        Assert.Contains("1.2.3.4.6", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSeriesMetadataAsync_TwoInstances_HeadersInInstanceOrderWithoutPixelData()
    {
        await Archive.AddAsync(ArchiveTestObjects.Create("1.2.3", "1.2.3.4", "1.2.3.4.7", instanceNumber: 2));
        await Archive.AddAsync(ArchiveTestObjects.Create("1.2.3", "1.2.3.4", "1.2.3.4.6", instanceNumber: 1));

        var headers = await ListAsync(Archive.GetSeriesMetadataAsync("1.2.3", "1.2.3.4"));

        Assert.Equal(["1.2.3.4.6", "1.2.3.4.7"], headers.Select(h => h.GetFirstString(DicomTags.SOPInstanceUID)));
        Assert.All(headers, h => Assert.False(h.Contains(DicomTags.PixelData)));
        Assert.All(headers, h => Assert.Equal("MONOCHROME2", h.GetFirstString(DicomTags.PhotometricInterpretation)));
    }

    [Fact]
    public async Task AddAsync_DuplicateSopInstanceUid_ReportsDuplicateAndKeepsFirst()
    {
        await Archive.AddAsync(ArchiveTestObjects.Create("1.2.3", "1.2.3.4", "1.2.3.4.5", patientName: "FIRST^ONE"));

        var result = await Archive.AddAsync(ArchiveTestObjects.Create("1.2.3", "1.2.3.4", "1.2.3.4.5", patientName: "SECOND^ONE", instanceNumber: 2));

        Assert.Equal(ArchiveStoreOutcome.Duplicate, result.Outcome);
        Assert.Equal("1.2.3.4.5", result.SopInstanceUid);
        Assert.Single(StoredFiles());
        var file = await Archive.GetInstanceAsync(new InstanceKey("1.2.3", "1.2.3.4", "1.2.3.4.5"));
        Assert.Equal(1, file.Dataset.GetInt32(DicomTags.InstanceNumber, -1));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Archive.RootPath, "tmp")));
    }

    [Fact]
    public async Task AddAsync_NotDicom_RejectedWithReasonAndNothingKept()
    {
        using var stream = new MemoryStream("this is not a DICOM file at all"u8.ToArray());

        var result = await Archive.AddAsync(stream, "notes.txt");

        Assert.Equal(ArchiveStoreOutcome.Rejected, result.Outcome);
        Assert.StartsWith("not a readable DICOM file", result.Reason, StringComparison.Ordinal);
        Assert.Empty(StoredFiles());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Archive.RootPath, "tmp")));
        Assert.False(await Archive.HasStudiesAsync());
    }

    [Fact]
    public async Task AddAsync_TruncatedFile_RejectedAndNothingIndexed()
    {
        var bytes = ArchiveTestObjects.ToBytes(ArchiveTestObjects.Create("1.2.3", "1.2.3.4", "1.2.3.4.5"));
        using var stream = new MemoryStream(bytes, 0, bytes.Length - 20);

        var result = await Archive.AddAsync(stream, "cut.dcm");

        Assert.Equal(ArchiveStoreOutcome.Rejected, result.Outcome);
        Assert.Empty(StoredFiles());
        Assert.False(await Archive.HasStudiesAsync());
    }

    [Fact]
    public async Task AddAsync_MissingStudyInstanceUid_RejectedNamingTheAttribute()
    {
        var file = ArchiveTestObjects.Create("1.2.3", "1.2.3.4", "1.2.3.4.5");
        var dataset = file.Dataset.ToBuilder().Remove(DicomTags.StudyInstanceUID).ToDataset();

        var result = await Archive.AddAsync(new PacsViewer.Core.Dicom.IO.DicomFile(file.FileMetaInformation, dataset, file.TransferSyntax));

        Assert.Equal(ArchiveStoreOutcome.Rejected, result.Outcome);
        Assert.Contains("StudyInstanceUID", result.Reason, StringComparison.Ordinal);
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task AddAsync_SeriesOfAnotherStudy_Rejected()
    {
        await Archive.AddAsync(ArchiveTestObjects.Create("1.2.3", "1.2.3.4", "1.2.3.4.5"));

        var result = await Archive.AddAsync(ArchiveTestObjects.Create("1.2.9", "1.2.3.4", "1.2.3.4.6"));

        Assert.Equal(ArchiveStoreOutcome.Rejected, result.Outcome);
        Assert.Single(StoredFiles());
        Assert.Single(await StudiesAsync(new StudyQuery()));
    }

    [Fact]
    public async Task StoreAsync_NotStorable_ThrowsStudySourceException()
    {
        var file = ArchiveTestObjects.Create("1.2.3", "1.2.3.4", "1.2.3.4.5");
        var dataset = file.Dataset.ToBuilder().Set(DicomTags.SOPInstanceUID, "not-a-uid").ToDataset();

        await Assert.ThrowsAsync<StudySourceException>(() => Archive.StoreAsync(new PacsViewer.Core.Dicom.IO.DicomFile(file.FileMetaInformation, dataset, file.TransferSyntax)));
    }

    [Fact]
    public async Task AddAsync_ConcurrentInstancesOfOneSeries_AllIndexedUnderOneStudy()
    {
        var tasks = Enumerable.Range(1, 16).Select(i =>
            Archive.AddAsync(ArchiveTestObjects.Create("1.2.3", "1.2.3.4", $"1.2.3.4.{i}", instanceNumber: i)));

        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.Equal(ArchiveStoreOutcome.Stored, r.Outcome));
        var study = Assert.Single(await StudiesAsync(new StudyQuery()));
        Assert.Equal(16, study.GetInt32(DicomTags.NumberOfStudyRelatedInstances, -1));
        Assert.Equal(16, StoredFiles().Length);
    }

    [Fact]
    public async Task AddIncomingFileAsync_FileInIncoming_MovedIntoArchive()
    {
        var incoming = Path.Combine(Archive.IncomingPath, "recv-1.dcm");
        await File.WriteAllBytesAsync(incoming, ArchiveTestObjects.ToBytes(ArchiveTestObjects.Create("1.2.3", "1.2.3.4", "1.2.3.4.5")));

        var result = await Archive.AddIncomingFileAsync(incoming);

        Assert.Equal(ArchiveStoreOutcome.Stored, result.Outcome);
        Assert.False(File.Exists(incoming));
        Assert.Single(StoredFiles());
    }

    [Fact]
    public async Task AddIncomingFileAsync_FileOutsideIncoming_ThrowsAndLeavesFile()
    {
        var outside = Path.Combine(Root, "elsewhere.dcm");
        await File.WriteAllBytesAsync(outside, ArchiveTestObjects.ToBytes(ArchiveTestObjects.Create("1.2.3", "1.2.3.4", "1.2.3.4.5")));

        await Assert.ThrowsAsync<ArgumentException>(() => Archive.AddIncomingFileAsync(outside));

        Assert.True(File.Exists(outside));
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task AddIncomingFileAsync_NotDicom_RejectedAndRemovedFromIncoming()
    {
        var incoming = Path.Combine(Archive.IncomingPath, "recv-2.dcm");
        await File.WriteAllTextAsync(incoming, "garbage");

        var result = await Archive.AddIncomingFileAsync(incoming);

        Assert.Equal(ArchiveStoreOutcome.Rejected, result.Outcome);
        Assert.False(File.Exists(incoming));
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task ImportDirectoryAsync_DicomDirFolder_SkipsDicomDirAndStoresReferencedFiles()
    {
        var source = TestFiles.Sample("dicomdir");
        var reported = new List<ArchiveStoreResult>();

        var summary = await Archive.ImportDirectoryAsync(source, new InlineProgress(reported.Add));

        var files = Directory.GetFiles(source, "*", SearchOption.AllDirectories).Length;
        Assert.Equal(files, summary.Total);
        Assert.Equal(files, reported.Count);
        Assert.Equal(1, summary.Skipped);
        Assert.Contains(summary.Problems, p => p.Outcome == ArchiveStoreOutcome.Skipped && p.Source.EndsWith("DICOMDIR", StringComparison.Ordinal));
        Assert.Equal(files - 1, summary.Stored + summary.Duplicates + summary.Rejected);
        Assert.True(summary.Stored > 0);
        Assert.Equal(summary.Stored, StoredFiles().Length);
    }

    /// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class InlineProgress(Action<ArchiveStoreResult> report) : IProgress<ArchiveStoreResult>
    {
        public void Report(ArchiveStoreResult value) => report(value);
    }

    [Fact]
    public async Task SearchStudiesAsync_PatientNameWildcards_MatchIgnoringCase()
    {
        await Archive.AddAsync(ArchiveTestObjects.Create("1.1", "1.1.1", "1.1.1.1", patientName: "DOE^JOHN"));
        await Archive.AddAsync(ArchiveTestObjects.Create("1.2", "1.2.1", "1.2.1.1", patientName: "DOE^JANE"));
        await Archive.AddAsync(ArchiveTestObjects.Create("1.3", "1.3.1", "1.3.1.1", patientName: "ROE^JOHN"));

        Assert.Equal(["1.1", "1.2"], SortedUids(await StudiesAsync(new StudyQuery { PatientName = "doe^j*" })));
        Assert.Equal(["1.1", "1.3"], SortedUids(await StudiesAsync(new StudyQuery { PatientName = "?OE^JOHN" })));
        Assert.Equal(["1.2"], Uids(await StudiesAsync(new StudyQuery { PatientName = "Doe^Jane" })));
        Assert.Equal(3, (await StudiesAsync(new StudyQuery { PatientName = "*" })).Count);
        Assert.Empty(await StudiesAsync(new StudyQuery { PatientName = "DOE" }));
    }

    [Fact]
    public async Task SearchStudiesAsync_PatientIdWildcards_CaseSensitiveAndSqlCharactersLiteral()
    {
        await Archive.AddAsync(ArchiveTestObjects.Create("1.1", "1.1.1", "1.1.1.1", patientId: "AB_1"));
        await Archive.AddAsync(ArchiveTestObjects.Create("1.2", "1.2.1", "1.2.1.1", patientId: "ABC1"));
        await Archive.AddAsync(ArchiveTestObjects.Create("1.3", "1.3.1", "1.3.1.1", patientId: "abx%[1"));

        Assert.Equal(["1.1"], Uids(await StudiesAsync(new StudyQuery { PatientId = "AB_*" })));
        Assert.Equal(["1.1", "1.2"], SortedUids(await StudiesAsync(new StudyQuery { PatientId = "AB?1" })));
        Assert.Equal(["1.3"], Uids(await StudiesAsync(new StudyQuery { PatientId = "ab*" })));
        Assert.Equal(["1.3"], Uids(await StudiesAsync(new StudyQuery { PatientId = "*%[1" })));
        Assert.Empty(await StudiesAsync(new StudyQuery { PatientId = "abc1" }));
    }

    [Fact]
    public async Task SearchStudiesAsync_DateRangeModalityAccessionDescription_Filter()
    {
        await Archive.AddAsync(ArchiveTestObjects.Create("1.1", "1.1.1", "1.1.1.1", studyDate: "20230105", modality: "CT", accession: "A1", description: "HEAD"));
        await Archive.AddAsync(ArchiveTestObjects.Create("1.1", "1.1.2", "1.1.2.1", studyDate: "20230105", modality: "MR", accession: "A1", description: "HEAD"));
        await Archive.AddAsync(ArchiveTestObjects.Create("1.2", "1.2.1", "1.2.1.1", studyDate: "20240210", modality: "MR", accession: "A2", description: "Knee left"));
        await Archive.AddAsync(ArchiveTestObjects.Create("1.3", "1.3.1", "1.3.1.1", studyDate: "20250301", modality: "US", accession: "A3", description: null));

        Assert.Equal(["1.2", "1.1"], Uids(await StudiesAsync(new StudyQuery { StudyDateFrom = new DateOnly(2023, 1, 5), StudyDateTo = new DateOnly(2024, 2, 10) })));
        Assert.Equal(["1.3"], Uids(await StudiesAsync(new StudyQuery { StudyDateFrom = new DateOnly(2024, 2, 11) })));
        Assert.Equal(["1.2", "1.1"], Uids(await StudiesAsync(new StudyQuery { Modality = "MR" })));
        Assert.Equal(["1.2"], Uids(await StudiesAsync(new StudyQuery { AccessionNumber = "A2" })));
        Assert.Equal(["1.2"], Uids(await StudiesAsync(new StudyQuery { StudyDescription = "*KNEE*" })));
        Assert.Equal(["1.1"], Uids(await StudiesAsync(new StudyQuery { StudyInstanceUid = "1.1" })));

        var both = Assert.Single(await StudiesAsync(new StudyQuery { StudyInstanceUid = "1.1" }));
        Assert.Equal(["CT", "MR"], both.GetStrings(DicomTags.ModalitiesInStudy));
        Assert.Equal(2, both.GetInt32(DicomTags.NumberOfStudyRelatedSeries, -1));
    }

    [Fact]
    public async Task SearchStudiesAsync_LimitAndOffset_PageNewestFirst()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Archive.AddAsync(ArchiveTestObjects.Create($"1.{i}", $"1.{i}.1", $"1.{i}.1.1", studyDate: $"2024010{i}"));
        }

        Assert.Equal(["1.5", "1.4"], Uids(await StudiesAsync(new StudyQuery { Limit = 2 })));
        Assert.Equal(["1.3", "1.2"], Uids(await StudiesAsync(new StudyQuery { Limit = 2, Offset = 2 })));
        Assert.Equal(["1.1"], Uids(await StudiesAsync(new StudyQuery { Limit = 2, Offset = 4 })));
    }

    [Fact]
    public async Task SearchStudiesAsync_NonAsciiName_ReturnedAsUtf8WithIsoIr192()
    {
        await Archive.AddAsync(ArchiveTestObjects.Create("1.1", "1.1.1", "1.1.1.1", patientName: "MÜLLER^ZOË", utf8: true));

        var study = Assert.Single(await StudiesAsync(new StudyQuery { PatientName = "müller*" }));

        Assert.Equal("ISO_IR 192", study.GetFirstString(DicomTags.SpecificCharacterSet));
        Assert.Equal("MÜLLER^ZOË", study.GetFirstString(DicomTags.PatientName));
    }

    /// <summary>UIDs in name order, for results whose study dates tie.</summary>
    private static string[] SortedUids(IEnumerable<DicomDataset> studies) => Uids(studies).Order(StringComparer.Ordinal).ToArray();

    private static string[] Uids(IEnumerable<DicomDataset> studies) => studies.Select(s => s.GetFirstString(DicomTags.StudyInstanceUID) ?? "").ToArray();
}
