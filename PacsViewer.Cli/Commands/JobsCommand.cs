using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PacsViewer.Core.Distribution;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// <c>pacs jobs</c>: the transfer jobs (send, export, upload) in the app database. Without a subcommand it lists them
/// (the command line's own, or <c>--all</c>; <c>--state</c>, <c>--kind</c>, <c>--json</c>); <c>show ID</c> prints one
/// with its failed objects, <c>cancel ID</c> and <c>retry ID</c> change it, <c>run</c> works the queue in this
/// process (<c>--once</c>: the jobs due now, then exits). Errors are one line on standard error with exit code 1.
/// </summary>
internal sealed class JobsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly AppDatabaseOptions _app = new();
    private readonly Option<bool> _all = new("--all") { Description = "Everybody's jobs, not only those queued by the command line." };
    private readonly Option<TransferJobState?> _state = new("--state") { Description = "Only jobs in this state (Queued, Running, Succeeded, PartlyFailed, Failed, Cancelled)." };
    private readonly Option<TransferJobKind?> _kind = new("--kind") { Description = "Only jobs of this kind (Send, Export, Upload)." };
    private readonly Option<bool> _json = new("--json") { Description = "JSON instead of a table.", Recursive = true };
    private readonly Option<bool> _once = new("--once") { Description = "Run the jobs due now, then exit (default: keep running until Ctrl+C)." };
    private readonly Argument<long> _id = new("id") { Description = "The job's id." };

    public static Command Create() => new JobsCommand().Build();

    private Command Build()
    {
        var show = new Command("show", "One job with its failed objects and their reasons.") { _id };
        show.SetAction((parse, ct) => RunAsync(parse, "show", services => ShowAsync(parse, services, ct), ct));
        var cancel = new Command("cancel", "Cancel a queued or running job (objects done stay done).") { _id };
        cancel.SetAction((parse, ct) => RunAsync(parse, "cancel", services => ChangeAsync(parse, services, cancel: true, ct), ct));
        var retry = new Command("retry", "Run a failed or partly failed job again (its failed objects only).") { _id };
        retry.SetAction((parse, ct) => RunAsync(parse, "retry", services => ChangeAsync(parse, services, cancel: false, ct), ct));
        var run = new Command("run", "Run queued jobs in this process.") { _once };
        run.SetAction((parse, ct) => RunAsync(parse, "run", services => RunQueueAsync(parse, services, ct), ct));
        var command = new Command("jobs", "List and manage transfer jobs (send, export, upload).") { _all, _state, _kind, _json, show, cancel, retry, run };
        _app.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(parse, "jobs", services => ListAsync(parse, services, ct), ct));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, string verb, Func<CliAppServices, Task<int>> action, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var name = verb == "jobs" ? "pacs jobs" : $"pacs jobs {verb}";
        try
        {
            await using var services = await _app.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            return await action(services).ConfigureAwait(false);
        }
        catch (CliUsageException e)
        {
            await error.WriteLineAsync($"{name}: {e.Message}").ConfigureAwait(false);
            return CliApp.UsageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return verb == "run" ? CliApp.Success : CliApp.Failure;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Database unreachable, bad connection string, not allowed...: one line, no stack trace.
            var reason = e.InnerException is { } inner && e is not TransferJobAccessDeniedException ? $"{e.Message} ({inner.Message})" : e.Message;
            await error.WriteLineAsync($"{name}: {CliErrors.OneLine(reason)}").ConfigureAwait(false);
            return CliApp.Failure;
        }
    }

    private async Task<int> ListAsync(ParseResult parse, CliAppServices services, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var query = new TransferJobQuery { All = parse.GetValue(_all), State = parse.GetValue(_state), Kind = parse.GetValue(_kind), Limit = TransferJobQuery.MaxLimit };
        var jobs = await services.Get<TransferJobService>().ListAsync(CliAppServices.Operator, query, cancellationToken).ConfigureAwait(false);
        if (parse.GetValue(_json))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(jobs.Select(JobView.Of), Json)).ConfigureAwait(false);
            return CliApp.Success;
        }
        await output.WriteLineAsync("ID\tKIND\tSTATE\tDONE/TOTAL\tFAILED\tBYTES\tCREATED\tBY\tDESCRIPTION").ConfigureAwait(false);
        foreach (var j in jobs)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{j.Id}\t{j.Kind}\t{j.State}\t{j.DoneObjects}/{j.TotalObjects}\t{j.FailedObjects}\t{j.DoneBytes}\t{j.CreatedAt:yyyy-MM-dd HH:mm:ss}Z\t{j.CreatedBy}\t{CliErrors.OneLine(j.Description ?? "")}"))
                .ConfigureAwait(false);
        }
        return CliApp.Success;
    }

    private async Task<int> ShowAsync(ParseResult parse, CliAppServices services, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var id = parse.GetValue(_id);
        var jobs = services.Get<TransferJobService>();
        var job = await jobs.GetAsync(id, CliAppServices.Operator, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"job {id} does not exist");
        var failed = await jobs.GetItemsAsync(id, CliAppServices.Operator, 0, TransferJobQuery.MaxLimit, failedOnly: true, cancellationToken).ConfigureAwait(false);
        if (parse.GetValue(_json))
        {
            var view = new { Job = JobView.Of(job), FailedObjects = failed.Items.Select(i => new { i.Id, i.Label, i.SopInstanceUid, i.Error }) };
            await output.WriteLineAsync(JsonSerializer.Serialize(view, Json)).ConfigureAwait(false);
            return CliApp.Success;
        }
        var lines = new List<string>
        {
            $"job {job.Id}: {job.Kind} {job.State}",
            $"description: {job.Description}",
            $"source: {job.SourceName}  destination: {job.Destination}",
            $"study: {job.StudyInstanceUid}{(job.SeriesInstanceUid is null ? "" : $"  series: {job.SeriesInstanceUid}")}",
            $"objects: {job.DoneObjects} done, {job.FailedObjects} failed of {job.TotalObjects}; bytes: {job.DoneBytes} of {job.TotalBytes}",
            $"attempts: {job.Attempts}  created: {job.CreatedAt:u} by {job.CreatedBy}  finished: {(job.FinishedAt is { } f ? f.ToString("u", CultureInfo.InvariantCulture) : "-")}",
        };
        if (job.LastError is not null)
        {
            lines.Add($"last error: {CliErrors.OneLine(job.LastError)}");
        }
        if (job.ResultPath is not null)
        {
            lines.Add($"result: {job.ResultPath}");
        }
        foreach (var item in failed.Items)
        {
            lines.Add($"FAILED {item.Label ?? item.SopInstanceUid}: {CliErrors.OneLine(item.Error ?? "")}");
        }
        if (failed.Total > failed.Items.Count)
        {
            lines.Add($"... and {failed.Total - failed.Items.Count} more failed objects");
        }
        foreach (var line in lines)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{line}")).ConfigureAwait(false);
        }
        return CliApp.Success;
    }

    private async Task<int> ChangeAsync(ParseResult parse, CliAppServices services, bool cancel, CancellationToken cancellationToken)
    {
        var id = parse.GetValue(_id);
        var jobs = services.Get<TransferJobService>();
        var job = await jobs.GetAsync(id, CliAppServices.Operator, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"job {id} does not exist");
        var changed = cancel
            ? await jobs.CancelAsync(id, CliAppServices.Operator, cancellationToken).ConfigureAwait(false)
            : await jobs.RetryAsync(id, CliAppServices.Operator, cancellationToken).ConfigureAwait(false);
        if (!changed)
        {
            throw new InvalidOperationException(cancel
                ? $"job {id} is {job.State}: only a queued or running job can be cancelled"
                : $"job {id} is {job.State}: only a failed or partly failed job can be retried");
        }
        var now = await jobs.GetAsync(id, CliAppServices.Operator, cancellationToken).ConfigureAwait(false);
        await parse.InvocationConfiguration.Output.WriteLineAsync(cancel
            ? $"job {id}: {(now?.State == TransferJobState.Cancelled ? "cancelled" : "cancel requested (its runner stops it at the next object)")}"
            : $"job {id}: queued again").ConfigureAwait(false);
        return CliApp.Success;
    }

    private async Task<int> RunQueueAsync(ParseResult parse, CliAppServices services, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue(_once))
        {
            var ran = await services.Runner.RunDueAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{ran} jobs run")).ConfigureAwait(false);
            return CliApp.Success;
        }
        await output.WriteLineAsync("running queued jobs; Ctrl+C stops (a running job goes back to the queue)").ConfigureAwait(false);
        await services.Runner.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await services.Runner.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return CliApp.Success;
    }

    /// <summary>A job as the command line prints it in JSON (no patient name or ID: only the study's UID).</summary>
    private sealed record JobView(long Id, string Kind, string State, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt,
        DateTimeOffset? FinishedAt, string? SourceName, string? StudyInstanceUid, string? SeriesInstanceUid, string? Description, string? Destination,
        int TotalObjects, int DoneObjects, int FailedObjects, long TotalBytes, long DoneBytes, int Attempts, DateTimeOffset NextAttemptAt,
        string? LastError, string? ResultPath)
    {
        public static JobView Of(TransferJob j) => new(j.Id, j.Kind.ToString(), j.State.ToString(), j.CreatedBy, j.CreatedAt, j.StartedAt, j.FinishedAt,
            j.SourceName, j.StudyInstanceUid, j.SeriesInstanceUid, j.Description, j.Destination, j.TotalObjects, j.DoneObjects, j.FailedObjects,
            j.TotalBytes, j.DoneBytes, j.Attempts, j.NextAttemptAt, j.LastError, j.ResultPath);
    }
}
