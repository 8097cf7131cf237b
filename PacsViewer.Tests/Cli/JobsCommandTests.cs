using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using PacsViewer.Cli.Commands;
using PacsViewer.Core.Data;
using PacsViewer.Core.Distribution;

namespace PacsViewer.Tests.Cli;

/// <summary><c>pacs jobs</c> over the app database beside an archive folder, as <c>pacs import</c> opens it.</summary>
public sealed class JobsCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new("pacs-jobs-");

    private string ArchivePath => Path.Combine(_folder.Path, "data", "archive");

    private async Task<CliAppServices> OpenAsync() =>
        await CliAppServices.OpenAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Archive:Path"] = ArchivePath,
            ["ConnectionStrings:PacsViewer"] = $"Data Source={Path.Combine(_folder.Path, "data", "pacsviewer.db")}",
        }).Build(), CancellationToken.None);

    private static Task<long> EnqueueAsync(CliAppServices app, string createdBy, string description, TransferJobItem[]? items = null) =>
        app.Get<ITransferJobQueue>().EnqueueAsync(new TransferJob
        {
            Kind = TransferJobKind.Send,
            CreatedBy = createdBy,
            SourceName = "archive",
            StudyInstanceUid = "2.25.77",
            PatientName = "DOE^CLI",
            Description = description,
            Destination = "ORTHANC",
        }, items);

    private static async Task UpdateAsync(CliAppServices app, long id, Action<PacsViewerDbContext> change)
    {
        await using var db = app.Get<PacsViewerDatabase>().CreateContext();
        change(db);
        await db.SaveChangesAsync();
        _ = id;
    }

    [Fact]
    public async Task Jobs_ListShowCancelRetry_OwnOrAllJobsChangedAndFailedObjectsShown()
    {
        long mine, theirs;
        await using (var app = await OpenAsync())
        {
            mine = await EnqueueAsync(app, CliAppServices.UserName, "CT chest to ORTHANC by C-STORE",
                [new TransferJobItem { Label = "IMG1", Bytes = 10 }, new TransferJobItem { Label = "IMG2", Bytes = 10 }]);
            theirs = await EnqueueAsync(app, "radiologist", "MR brain to ORTHANC by STOW-RS");
        }

        var (code, output, error) = await CliRunner.RunAsync("jobs", "--archive", ArchivePath);
        Assert.Equal((0, ""), (code, error));
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{mine}\tSend\tQueued\t0/2\t0\t0\t", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("\tpacs\tCT chest to ORTHANC by C-STORE", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("DOE^CLI", output, StringComparison.Ordinal);

        (code, output, _) = await CliRunner.RunAsync("jobs", "--all", "--json", "--archive", ArchivePath);
        Assert.Equal(0, code);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal([theirs, mine], json.RootElement.EnumerateArray().Select(j => j.GetProperty("id").GetInt64()));
            Assert.Equal("radiologist", json.RootElement[0].GetProperty("createdBy").GetString());
        }

        (code, output, error) = await CliRunner.RunAsync("jobs", "cancel", theirs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--archive", ArchivePath);
        Assert.Equal((0, $"job {theirs}: cancelled", ""), (code, output.Trim(), error));
        (code, _, error) = await CliRunner.RunAsync("jobs", "cancel", theirs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--archive", ArchivePath);
        Assert.Equal((1, $"pacs jobs cancel: job {theirs} is Cancelled: only a queued or running job can be cancelled"), (code, error.Trim()));
        (code, output, _) = await CliRunner.RunAsync("jobs", "--all", "--state", "Cancelled", "--archive", ArchivePath);
        Assert.Equal(2, output.TrimEnd().Split('\n').Length);

        // The command line's own job ended partly failed: show lists the failed object, retry queues it again.
        await using (var app = await OpenAsync())
        {
            await UpdateAsync(app, mine, db =>
            {
                var job = db.TransferJobs.Single(j => j.Id == mine);
                job.State = TransferJobState.PartlyFailed;
                job.DoneObjects = 1;
                job.FailedObjects = 1;
                var items = db.TransferJobItems.Where(i => i.JobId == mine).OrderBy(i => i.Id).ToList();
                items[0].State = TransferItemState.Done;
                items[1].State = TransferItemState.Failed;
                items[1].Error = "C-STORE failed: status A700 (Refused: Out of Resources)";
            });
        }
        var id = mine.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (code, output, _) = await CliRunner.RunAsync("jobs", "show", id, "--archive", ArchivePath);
        Assert.Equal(0, code);
        Assert.Contains($"job {mine}: Send PartlyFailed", output, StringComparison.Ordinal);
        Assert.Contains("objects: 1 done, 1 failed of 2; bytes: 0 of 20", output, StringComparison.Ordinal);
        Assert.Contains("FAILED IMG2: C-STORE failed: status A700 (Refused: Out of Resources)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("IMG1", output, StringComparison.Ordinal);

        (code, output, _) = await CliRunner.RunAsync("jobs", "retry", id, "--archive", ArchivePath);
        Assert.Equal((0, $"job {mine}: queued again"), (code, output.Trim()));
        await using (var app = await OpenAsync())
        {
            var job = await app.Get<TransferJobService>().GetAsync(mine, CliAppServices.Operator);
            Assert.Equal((TransferJobState.Queued, 0), (job!.State, job.FailedObjects));
        }
    }

    [Fact]
    public async Task JobsShow_UnknownId_OneLineExit1()
    {
        var (code, output, error) = await CliRunner.RunAsync("jobs", "show", "999", "--archive", ArchivePath);

        Assert.Equal((1, "", "pacs jobs show: job 999 does not exist"), (code, output, error.Trim()));
    }

    [Fact]
    public async Task JobsRunOnce_JobCancelledWhileItsServerWasDown_RunsAndEndsCancelled()
    {
        long id;
        await using (var app = await OpenAsync())
        {
            id = await EnqueueAsync(app, "radiologist", "CT to ORTHANC");
            // A server took it, a user asked to cancel, and the server died before it saw the request.
            await UpdateAsync(app, id, db =>
            {
                var job = db.TransferJobs.Single(j => j.Id == id);
                job.State = TransferJobState.Running;
                job.LeaseOwner = "dead-server";
                job.LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
                job.CancelRequested = true;
            });
        }

        var (code, output, error) = await CliRunner.RunAsync("jobs", "run", "--once", "--archive", ArchivePath);

        Assert.Equal((0, "1 jobs run", ""), (code, output.Trim(), error));
        await using (var app = await OpenAsync())
        {
            await using var db = app.Get<PacsViewerDatabase>().CreateContext();
            Assert.Equal(TransferJobState.Cancelled, (await db.TransferJobs.SingleAsync(j => j.Id == id)).State);
        }
        (code, output, _) = await CliRunner.RunAsync("jobs", "run", "--once", "--archive", ArchivePath);
        Assert.Equal((0, "0 jobs run"), (code, output.Trim()));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
