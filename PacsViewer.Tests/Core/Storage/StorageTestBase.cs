using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Storage;
using PacsViewer.Core.Worklist;
using PacsViewer.Tests.Core.Archive.Local;
using PacsViewer.Tests.Core.Data;

namespace PacsViewer.Tests.Core.Storage;

/// <summary>
/// Storage and retention over the real services of Core (<see cref="AppDatabaseTestBase"/>): the built-in archive with
/// synthetic objects, its worklist entries and reports, holds; the retrieval cache in the test's own folder.
/// </summary>
public abstract class StorageTestBase : AppDatabaseTestBase, IAsyncLifetime
{
    private readonly TempDirectory _cacheFolder = new("pacs-storage-cache-");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Cache:Path", _cacheFolder.Path), .. ExtraSettings];

    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    protected LocalArchive Archive => Get<LocalArchive>();

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await Archive.InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _cacheFolder.Dispose();
    }

    /// <summary>Stores <paramref name="instances"/> objects of one study (one series) and returns their file sizes' sum.</summary>
    protected async Task<long> StoreStudyAsync(string study, string modality = "CT", string studyDate = "20200101", int instances = 2,
        string patientName = "SYNTH^RETAIN", string patientId = "SYN1")
    {
        for (var i = 1; i <= instances; i++)
        {
            var result = await Archive.AddAsync(ArchiveTestObjects.Create(study, study + ".1", study + ".1." + i, patientName: patientName,
                patientId: patientId, studyDate: studyDate, modality: modality, instanceNumber: i));
            Assert.Equal(ArchiveStoreOutcome.Stored, result.Outcome);
        }
        await using var db = Get<ArchiveDatabase>().CreateContext();
        return await db.Instances.Where(x => x.Series!.Study!.StudyInstanceUid == study).SumAsync(x => x.FileSize);
    }

    /// <summary>Puts the archive's studies on the worklist, as the sync service does.</summary>
    protected Task SyncWorklistAsync() => Get<WorklistSynchronizer>().SyncAsync(Archive, new StudyQuery());

    /// <summary>A report on the study's archive worklist entry, left at <paramref name="status"/>.</summary>
    protected async Task ReportAsync(string study, ReportStatus status)
    {
        var reports = Get<ReportService>();
        var key = new StudyKey(Archive.Id, study);
        var draft = await reports.OpenForEditingAsync(key, Radiologist);
        var version = await reports.SaveAsync(draft.Id, draft.RowVersion, new ReportContent("Synthetic.", "CT.", "None.", "Normal.", "Normal."), Radiologist);
        if (status != ReportStatus.Draft)
        {
            await reports.SignAsync(draft.Id, version, status, Password, Radiologist);
        }
    }

    protected Task<RetentionRule> RuleAsync(string name, string? modality, int minAgeDays, RetentionAgeBasis basis = RetentionAgeBasis.StudyDate) =>
        Get<RetentionService>().SaveRuleAsync(new RetentionRuleEdit { Name = name, Modality = modality, MinAgeDays = minAgeDays, AgeBasis = basis, Enabled = true }, Admin);

    protected string[] ArchiveFiles() =>
        Directory.EnumerateFiles(Path.Combine(Archive.RootPath, "objects"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    protected async Task<bool> InArchiveAsync(string study)
    {
        await using var db = Get<ArchiveDatabase>().CreateContext();
        return await db.Studies.AnyAsync(s => s.StudyInstanceUid == study);
    }

    protected async Task<string[]> FilesOfAsync(string study)
    {
        await using var db = Get<ArchiveDatabase>().CreateContext();
        var relative = await db.Instances.Where(x => x.Series!.Study!.StudyInstanceUid == study).Select(x => x.FilePath).ToListAsync();
        return relative.Select(r => Path.GetFullPath(Path.Combine(Archive.RootPath, r))).ToArray();
    }
}
