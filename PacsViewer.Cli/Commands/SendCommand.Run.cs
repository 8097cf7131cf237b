using System.Globalization;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Send;

namespace PacsViewer.Cli.Commands;

/// <summary>
/// Running a Send job in this process: it is queued like any job (so it is audited and listed on the jobs page), then run
/// by a <see cref="TransferJobRunner"/> of this process that has only this command's <see cref="SendJobHandler"/> (over
/// the sources named on the command line), so claim, lease, heartbeat, cancel, retries with backoff, the final state and
/// its audit are the server's own. A server's runner that took the job first keeps it. Each run prints a line per object;
/// between runs the command waits out the backoff; Ctrl+C cancels the job.
/// </summary>
internal sealed partial class SendCommand
{
    private static async Task<int> RunHereAsync(CliAppServices services, TransferJob job, SendJobHandler handler, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        var id = await services.Get<ITransferJobQueue>().EnqueueAsync(job, null, cancellationToken).ConfigureAwait(false);
        var runs = 0;
        ITransferJobContext Printing(ITransferJobContext context)
        {
            // Called by the runner once it holds the job, at the start of each run.
            runs++;
            output.WriteLine(runs == 1
                ? string.Create(CultureInfo.InvariantCulture, $"job {id}: {context.Job.Description}")
                : string.Create(CultureInfo.InvariantCulture, $"job {id}: attempt {context.Job.Attempts}"));
            return new PrintingJobContext(context, output);
        }
        Task Retrying(TransferJob waiting) => output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"job {id}: attempt {waiting.Attempts} failed: {NetworkCommandSupport.OneLine(waiting.LastError ?? "")}; trying again at {waiting.NextAttemptAt:HH:mm:ss}Z (Ctrl+C cancels the job)"));

        using var runner = services.NewRunner(handler);
        var end = await services.RunToEndAsync(runner, id, Printing, Retrying, cancellationToken).ConfigureAwait(false);
        if (end.State is TransferJobState.Queued or TransferJobState.Running || (runs == 0 && end.State != TransferJobState.Cancelled))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"job {id}: taken by the server's job runner, which carries it out")).ConfigureAwait(false);
            return CliApp.Success;
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"job {id}: {end.State}, {end.DoneObjects} of {end.TotalObjects} objects sent, {end.FailedObjects} failed")).ConfigureAwait(false);
        if (end.State == TransferJobState.Cancelled)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        if (end.State != TransferJobState.Succeeded)
        {
            // The runner's reason: the job's own failure, or "N of M objects failed" (each FAILED line above says why).
            await error.WriteLineAsync($"pacs send: {NetworkCommandSupport.OneLine(end.LastError ?? end.State.ToString())}").ConfigureAwait(false);
            return CliApp.Failure;
        }
        return CliApp.Success;
    }
}
