using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Distribution;
using PacsViewer.Tests.Core.Distribution.Send;
using PacsViewer.Tests.Core.Network;
using PacsViewer.Tests.Fixtures;

namespace PacsViewer.Tests.Cli;

/// <summary><c>pacs send</c>: a Send job in the app database beside the archive, run in-process into dcmtk's storescp.</summary>
public sealed class SendCommandTests : IDisposable
{
    private readonly TempDirectory _root = new("pacs-send-cli-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    private string ArchivePath => _root.File("archive");

    private PacsViewerDatabase AppDatabase() => new(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={_root.File("pacsviewer.db")}" });

    private async Task<SendTestStudy> ImportStudyAsync()
    {
        var folder = Directory.CreateDirectory(_root.File("import")).FullName;
        var study = SendTestStudy.Create(folder, SendTestStudy.BrainSamples);
        var (code, _, error) = await CliRunner.RunAsync("import", folder, "--archive", ArchivePath);
        Assert.True(code == 0, error);
        return study;
    }

    [Fact]
    public async Task Send_ArchiveToStorescp_RunsTheJobHereAndEveryFileArrives()
    {
        var study = await ImportStudyAsync();
        var port = LoopbackPort.Free();
        var received = Directory.CreateDirectory(_root.File("received")).FullName;
        await using var storescp = DcmtkProcess.Start("storescp", "-aet", "CLISCP", "-od", received, port.ToString(CultureInfo.InvariantCulture));
        await storescp.WaitForPortAsync(port);

        var (code, output, error) = await CliRunner.RunAsync("send", "--from", "archive", "--study", study.StudyInstanceUid,
            "--to", $"dicom://CLISCP@127.0.0.1:{port}", "--archive", ArchivePath);

        Assert.True(code == 0, error + output);
        Assert.Contains("5 objects to send", output, StringComparison.Ordinal);
        Assert.Contains("sent 5/5", output, StringComparison.Ordinal);
        Assert.Contains("job 1: Succeeded, 5 of 5 objects sent, 0 failed", output, StringComparison.Ordinal);
        var arrived = Directory.EnumerateFiles(received).Select(f => DicomFile.Open(f, new DicomReaderOptions { StopBeforePixelData = true }).SopInstanceUid!).Order(StringComparer.Ordinal);
        Assert.Equal(study.SopInstanceUids.Order(StringComparer.Ordinal), arrived);
        await using var db = AppDatabase().CreateContext();
        var job = await db.TransferJobs.AsNoTracking().SingleAsync();
        Assert.Equal((TransferJobKind.Send, TransferJobState.Succeeded, 5, 5, "pacs"), (job.Kind, job.State, job.TotalObjects, job.DoneObjects, job.CreatedBy));
        Assert.Null(job.LeaseOwner);
        var audit = await db.AuditEvents.AsNoTracking().Where(e => e.Action == AuditActions.StudySent && e.ObjectId == "1").ToListAsync();
        Assert.Contains(audit, e => e.Outcome == AuditOutcome.Success && e.Detail!.Contains("succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_DestinationNotListeningAtFirst_RetriedByTheRunnerAfterItsBackoffAndEveryFileArrives()
    {
        var study = await ImportStudyAsync();
        var port = LoopbackPort.Free();
        var received = Directory.CreateDirectory(_root.File("received")).FullName;
        // A long backoff: the second attempt runs only when the test makes it due, once storescp listens.
        var send = Task.Run(() => CliRunner.RunAsync("send", "--from", "archive", "--study", study.StudyInstanceUid,
            "--to", $"dicom://CLISCP@127.0.0.1:{port}", "--archive", ArchivePath, "--set", "Distribution:Jobs:BaseDelay=00:10:00"));
        var waiting = await WaitForJobAsync(send, j => j.State == TransferJobState.Queued && j.Attempts == 1);
        Assert.Equal(5, waiting.TotalObjects);
        Assert.Equal(0, waiting.DoneObjects);
        Assert.NotNull(waiting.LastError);

        await using var storescp = DcmtkProcess.Start("storescp", "-aet", "CLISCP", "-od", received, port.ToString(CultureInfo.InvariantCulture));
        await storescp.WaitForPortAsync(port);
        await using (var db = AppDatabase().CreateContext())
        {
            var row = await db.TransferJobs.SingleAsync();
            row.NextAttemptAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }
        var (code, output, error) = await send.WaitAsync(Guard);

        Assert.True(code == 0, error + output);
        Assert.Contains($"job 1: attempt 1 failed: {waiting.LastError}", output, StringComparison.Ordinal);
        Assert.Contains("job 1: attempt 2", output, StringComparison.Ordinal);
        Assert.Contains("sent 5/5", output, StringComparison.Ordinal);
        Assert.EndsWith("job 1: Succeeded, 5 of 5 objects sent, 0 failed", output.Trim(), StringComparison.Ordinal);
        var arrived = Directory.EnumerateFiles(received).Select(f => DicomFile.Open(f, new DicomReaderOptions { StopBeforePixelData = true }).SopInstanceUid!).Order(StringComparer.Ordinal);
        Assert.Equal(study.SopInstanceUids.Order(StringComparer.Ordinal), arrived);
        await using var check = AppDatabase().CreateContext();
        var job = await check.TransferJobs.AsNoTracking().SingleAsync();
        Assert.Equal((TransferJobState.Succeeded, 2, 5, 0, null), (job.State, job.Attempts, job.DoneObjects, job.FailedObjects, job.LeaseOwner));
        var outcomes = await check.AuditEvents.AsNoTracking().Where(e => e.Action == AuditActions.StudySent && e.ObjectId == "1").Select(e => e.Outcome).ToListAsync();
        Assert.Equal([AuditOutcome.Success, AuditOutcome.Success], outcomes);
    }

    [Fact]
    public async Task Send_DestinationNeverListening_FailsAfterMaxAttemptsWithTheLastErrorAndExitCode1()
    {
        var study = await ImportStudyAsync();
        var port = LoopbackPort.Free();

        var (code, output, error) = await CliRunner.RunAsync("send", "--from", "archive", "--study", study.StudyInstanceUid,
            "--to", $"dicom://CLISCP@127.0.0.1:{port}", "--archive", ArchivePath,
            "--set", "Distribution:Jobs:BaseDelay=00:00:00.100", "--set", "Distribution:Jobs:MaxAttempts=2");

        Assert.Equal(1, code);
        Assert.Contains("job 1: attempt 1 failed: ", output, StringComparison.Ordinal);
        Assert.Contains("job 1: Failed, 0 of 5 objects sent, 5 failed", output, StringComparison.Ordinal);
        Assert.StartsWith("pacs send: Failed after 2 attempts: ", error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        await using var db = AppDatabase().CreateContext();
        var job = await db.TransferJobs.AsNoTracking().SingleAsync();
        Assert.Equal((TransferJobState.Failed, 2, 5), (job.State, job.Attempts, job.FailedObjects));
        var items = await db.TransferJobItems.AsNoTracking().Where(i => i.JobId == job.Id).ToListAsync();
        Assert.All(items, i => Assert.Equal((TransferItemState.Failed, job.LastError!["Failed after 2 attempts: ".Length..]), (i.State, i.Error)));
        var outcome = await db.AuditEvents.AsNoTracking().Where(e => e.Action == AuditActions.StudySent && e.ObjectId == "1").OrderBy(e => e.Id).LastAsync();
        Assert.Equal(AuditOutcome.SeriousFailure, outcome.Outcome);
    }

    [Fact]
    public async Task Send_CtrlCWhileWaitingForTheRetry_JobCancelledAndExitCode1()
    {
        var study = await ImportStudyAsync();
        var port = LoopbackPort.Free();
        using var ctrlC = new CancellationTokenSource();
        var send = Task.Run(() => CliRunner.RunAsync(ctrlC.Token, "send", "--from", "archive", "--study", study.StudyInstanceUid,
            "--to", $"dicom://CLISCP@127.0.0.1:{port}", "--archive", ArchivePath, "--set", "Distribution:Jobs:BaseDelay=00:10:00"));
        await WaitForJobAsync(send, j => j.State == TransferJobState.Queued && j.Attempts == 1);

        await ctrlC.CancelAsync();
        var (code, output, error) = await send.WaitAsync(Guard);

        Assert.Equal(1, code);
        Assert.Equal("pacs send: cancelled", error.Trim());
        Assert.Contains("job 1: Cancelled, 0 of 5 objects sent, 0 failed", output, StringComparison.Ordinal);
        await using var db = AppDatabase().CreateContext();
        var job = await db.TransferJobs.AsNoTracking().SingleAsync();
        Assert.Equal((TransferJobState.Cancelled, 1, true), (job.State, job.Attempts, job.CancelRequested));
    }

    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(120);

    /// <summary>Waits until the command's job is as <paramref name="reached"/> says (read from the database), failing if the command ends first.</summary>
    private async Task<TransferJob> WaitForJobAsync(Task<(int ExitCode, string Output, string Error)> command, Func<TransferJob, bool> reached)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (true)
        {
            if (command.IsCompleted)
            {
                var (code, output, error) = await command;
                Assert.Fail($"pacs send ended (exit code {code}) before its job got there: {output} {error}");
            }
            try
            {
                await using var db = AppDatabase().CreateContext();
                if (await db.TransferJobs.AsNoTracking().SingleOrDefaultAsync(guard.Token) is { } job && reached(job))
                {
                    return job;
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // The command has not created its tables yet, or holds the write lock: look again.
            }
            await Task.Delay(50, guard.Token);
        }
    }

    [Fact]
    public async Task Send_StudyNotInArchive_OneLineErrorAndExitCode1()
    {
        await ImportStudyAsync();

        var (code, _, error) = await CliRunner.RunAsync("send", "--from", "archive", "--study", "2.25.7", "--to", "dicom://NOBODY@127.0.0.1:104", "--archive", ArchivePath);

        Assert.Equal(1, code);
        Assert.Equal("pacs send: study 2.25.7 was not found in archive, or has no instances", error.Trim());
        await using var db = AppDatabase().CreateContext();
        var job = await db.TransferJobs.AsNoTracking().SingleAsync();
        Assert.Equal(TransferJobState.Failed, job.State);
    }

    [Fact]
    public async Task Send_BadTarget_OneLineErrorAndExitCode1()
    {
        var (code, _, error) = await CliRunner.RunAsync("send", "--from", "archive", "--study", "2.25.7", "--to", "ftp://somewhere", "--archive", ArchivePath);

        Assert.Equal(1, code);
        Assert.StartsWith("pacs send: 'ftp://somewhere' is not", error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Send_Queue_LeavesTheJobQueuedForTheServer()
    {
        var (code, output, error) = await CliRunner.RunAsync("send", "--from", "archive", "--study", "2.25.8", "--to", "orthanc", "--queue", "--archive", ArchivePath);

        Assert.True(code == 0, error);
        Assert.Contains("queued send job 1", output, StringComparison.Ordinal);
        await using var db = AppDatabase().CreateContext();
        var job = await db.TransferJobs.AsNoTracking().SingleAsync();
        Assert.Equal((TransferJobState.Queued, "archive", "orthanc", "2.25.8"), (job.State, job.SourceName, job.Destination, job.StudyInstanceUid));
    }
}
