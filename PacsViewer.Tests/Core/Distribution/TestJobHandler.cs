using System.Collections.Concurrent;
using PacsViewer.Core.Distribution;

namespace PacsViewer.Tests.Core.Distribution;

/// <summary>The parameters of a <see cref="TestJobHandler"/> job: how many objects to plan, of how many bytes each.</summary>
public sealed record TestJobParameters(int Count, long BytesPerObject = 100);

/// <summary>
/// A transfer job handler of our own contract for the engine's tests (not a stand-in for a peer): plans
/// <see cref="TestJobParameters.Count"/> objects labelled "1", "2"... on its first run, then reports each Pending one
/// Done, or Failed when its label is in <see cref="FailLabels"/>. It can throw on its runs, and stop at one label
/// until cancelled (or released), telling the test it got there.
/// </summary>
public sealed class TestJobHandler(TransferJobKind kind = TransferJobKind.Send) : ITransferJobHandler
{
    private int _runs;

    public TransferJobKind Kind { get; } = kind;

    /// <summary>Objects that fail for good, with <see cref="FailReason"/>.</summary>
    public HashSet<string> FailLabels { get; } = [];

    public string FailReason { get; init; } = "C-STORE failed: status A700 (Refused: Out of Resources)";

    /// <summary>Decides, per run (1, 2...), whether the run throws after planning (null: it does not).</summary>
    public Func<int, Exception?> ThrowOnRun { get; set; } = _ => null;

    /// <summary>The label at which a run waits (for the cancel token, or <see cref="Release"/>).</summary>
    public string? BlockAt { get; set; }

    /// <summary>Completed when a run reaches <see cref="BlockAt"/>.</summary>
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completing it lets a run blocked at <see cref="BlockAt"/> go on.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Each object this handler transferred (reported Done or Failed), as (job id, label), in order.</summary>
    public ConcurrentQueue<(long JobId, string Label)> Processed { get; } = new();

    /// <summary>How many runs each job had.</summary>
    public ConcurrentDictionary<long, int> RunsPerJob { get; } = new();

    public int Runs => Volatile.Read(ref _runs);

    public async Task RunAsync(ITransferJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = Interlocked.Increment(ref _runs);
        RunsPerJob.AddOrUpdate(context.Job.Id, 1, (_, n) => n + 1);
        var parameters = context.ReadParameters<TestJobParameters>();
        if ((await context.GetItemsAsync(cancellationToken: cancellationToken)).Count == 0)
        {
            var planned = Enumerable.Range(1, parameters.Count)
                .Select(i => new TransferJobItem { Label = i.ToString(System.Globalization.CultureInfo.InvariantCulture), SopInstanceUid = $"2.25.{i}" })
                .ToList();
            await context.AddItemsAsync(planned, parameters.Count * parameters.BytesPerObject, cancellationToken);
        }
        if (ThrowOnRun(run) is { } failure)
        {
            throw failure;
        }
        foreach (var item in await context.GetItemsAsync(TransferItemState.Pending, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (item.Label == BlockAt)
            {
                Reached.TrySetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }
            var label = item.Label!;
            if (FailLabels.Contains(label))
            {
                await context.ReportItemAsync(item.Id, TransferItemState.Failed, 0, FailReason, cancellationToken);
            }
            else
            {
                await context.ReportItemAsync(item.Id, TransferItemState.Done, parameters.BytesPerObject, cancellationToken: cancellationToken);
            }
            Processed.Enqueue((context.Job.Id, label));
        }
    }
}
