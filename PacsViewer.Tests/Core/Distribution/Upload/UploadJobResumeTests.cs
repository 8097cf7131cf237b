using Microsoft.Extensions.Logging.Abstractions;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Upload;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Tests.Core.Distribution.Upload;

/// <summary>An Upload job cut off after its first file (a server stop) resumes through the real runner from its items.</summary>
public sealed class UploadJobResumeTests : TransferJobTestBase
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private UploadJobHandler NewHandler() => new(Get<StudySourceCatalog>(), Get<IAuditLog>(), NullLogger<UploadJobHandler>.Instance);

    [Fact]
    public async Task RunAsync_StoppedAfterTheFirstFile_RunnerResumesWithTheRestOnly()
    {
        await Get<LocalArchive>().InitializeAsync();
        var uploads = Get<UploadService>();
        var files = Enumerable.Range(1, 3).Select(i => UploadTestFiles.Good(instance: i)).ToList();
        long jobId;
        using (var batch = uploads.Begin())
        {
            foreach (var (file, i) in files.Select((f, i) => (f, i)))
            {
                await batch.AddAsync(new MemoryStream(file.Bytes), $"f{i + 1}.dcm");
            }
            jobId = await uploads.QueueAsync(batch, "archive", "radiologist");
        }

        // First run: the server stops once the first file is reported.
        using var stop = new CancellationTokenSource();
        var context = new ObservedJobContext(new DatabaseTransferJobContext(Get<PacsViewerDatabase>(), await JobAsync(jobId), Clock), () => stop.CancelAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NewHandler().RunAsync(context, stop.Token));
        Assert.Equal([TransferItemState.Done, TransferItemState.Pending, TransferItemState.Pending], (await ItemsAsync(jobId)).Select(i => i.State));

        // The runner takes the job and carries on with the Pending files only.
        Assert.Equal(1, await NewRunner(NewHandler()).RunDueAsync());

        Assert.Equal(TransferJobState.Succeeded, (await JobAsync(jobId)).State);
        var items = await ItemsAsync(jobId);
        Assert.All(items, i => Assert.Equal((TransferItemState.Done, (string?)null, 1), (i.State, i.Error, i.Attempts)));
        foreach (var (_, study, sop) in files)
        {
            var stored = new List<string>();
            await foreach (var instance in Get<LocalArchive>().SearchInstancesAsync(study, await SeriesOfAsync(study)))
            {
                stored.Add(instance.GetFirstString(DicomTags.SOPInstanceUID)!);
            }
            Assert.Equal([sop], stored);
        }
        Assert.All(items, i => Assert.False(File.Exists(i.StagedPath)));
    }

    private async Task<string> SeriesOfAsync(string study)
    {
        await foreach (var series in Get<LocalArchive>().SearchSeriesAsync(study))
        {
            return series.GetFirstString(DicomTags.SeriesInstanceUID)!;
        }
        throw new InvalidOperationException($"study {study} is not in the archive");
    }
}
