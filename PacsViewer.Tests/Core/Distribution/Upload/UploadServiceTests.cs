using Microsoft.Extensions.Logging.Abstractions;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Upload;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Tests.Core.Distribution.Upload;

/// <summary>
/// <see cref="UploadService.QueueAsync"/>: a file refused while staging (a broken ZIP) is queued as an item already
/// Failed with its reason, and the real runner and upload handler carry the job to its end with that reason intact.
/// </summary>
public sealed class UploadServiceTests : TransferJobTestBase
{
    protected override Task<DatabaseOptions> CreateDatabaseAsync(string folder) =>
        Task.FromResult(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "app.db")}" });

    private UploadJobHandler NewHandler() => new(Get<StudySourceCatalog>(), Get<IAuditLog>(), NullLogger<UploadJobHandler>.Instance);

    private static byte[] BrokenZip()
    {
        var zip = UploadTestFiles.Zip(("a.dcm", UploadTestFiles.Good().Bytes));
        return zip[..(zip.Length / 2)];
    }

    [Fact]
    public async Task QueueAsync_GoodFileAndBrokenZip_ZipPlannedFailedWithItsReasonNoSideFileAndTheJobPartlyFails()
    {
        await Get<LocalArchive>().InitializeAsync();
        var uploads = Get<UploadService>();
        var good = UploadTestFiles.Good();
        long id;
        string folder;
        using (var batch = uploads.Begin())
        {
            await batch.AddAsync(new MemoryStream(good.Bytes), "good.dcm");
            await batch.AddAsync(new MemoryStream(BrokenZip()), "half.zip");
            folder = batch.FolderPath;
            id = await uploads.QueueAsync(batch, "archive", "radiologist");
        }

        var queued = await JobAsync(id);
        Assert.Equal((2, 0, 1), (queued.TotalObjects, queued.DoneObjects, queued.FailedObjects));
        var planned = await ItemsAsync(id);
        Assert.Equal([("good.dcm", TransferItemState.Pending), ("half.zip", TransferItemState.Failed)], planned.Select(i => (i.Label!, i.State)));
        Assert.StartsWith("ZIP refused: not a readable ZIP", planned[1].Error, StringComparison.Ordinal);
        Assert.Null(planned[1].StagedPath);
        // Only the good file waits in the staging folder: no note beside it.
        Assert.Equal([planned[0].StagedPath], Directory.EnumerateFiles(folder));

        Assert.Equal(1, await NewRunner(NewHandler()).RunDueAsync());

        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.PartlyFailed, 1, 1, "1 of 2 objects failed"), (job.State, job.DoneObjects, job.FailedObjects, job.LastError));
        var items = await ItemsAsync(id);
        Assert.Equal([(TransferItemState.Done, (string?)null), (TransferItemState.Failed, planned[1].Error)], items.Select(i => (i.State, i.Error)));
        Assert.False(Directory.Exists(folder));
        var uploaded = (await AuditAsync(id)).Where(a => a.Action == AuditActions.ObjectsUploaded && a.StudyInstanceUid == good.Study).ToList();
        Assert.Contains(uploaded, a => a.Detail == "1 object(s) uploaded to archive");
    }

    [Fact]
    public async Task QueueAsync_OnlyARefusedZip_StagingFolderGoesAndTheJobFailsWithTheReason()
    {
        await Get<LocalArchive>().InitializeAsync();
        var uploads = Get<UploadService>();
        long id;
        string folder;
        using (var batch = uploads.Begin())
        {
            await batch.AddAsync(new MemoryStream(BrokenZip()), "half.zip");
            folder = batch.FolderPath;
            id = await uploads.QueueAsync(batch, "archive", "radiologist");
        }
        Assert.False(Directory.Exists(folder));
        Assert.Equal((1, 1), ((await JobAsync(id)).TotalObjects, (await JobAsync(id)).FailedObjects));

        Assert.Equal(1, await NewRunner(NewHandler()).RunDueAsync());

        var job = await JobAsync(id);
        Assert.Equal((TransferJobState.Failed, 0, 1, "1 of 1 objects failed"), (job.State, job.DoneObjects, job.FailedObjects, job.LastError));
        var item = Assert.Single(await ItemsAsync(id));
        Assert.Equal(("half.zip", TransferItemState.Failed, 0), (item.Label, item.State, item.Attempts));
        Assert.StartsWith("ZIP refused: not a readable ZIP", item.Error, StringComparison.Ordinal);
    }
}
