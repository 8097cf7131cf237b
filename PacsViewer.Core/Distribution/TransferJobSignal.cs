using System.Collections.Concurrent;

namespace PacsViewer.Core.Distribution;

/// <summary>
/// In-process signals between the queue, the job service and the runner (a singleton): a job was queued or retried
/// (wake the runner now rather than at its next poll), a cancel was asked (stop that job now rather than at the next
/// heartbeat), a job's row changed (the jobs page refreshes). Another server learns the same from the database.
/// </summary>
public sealed class TransferJobSignal
{
    private readonly ConcurrentDictionary<long, Action> _cancelHandlers = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Raised (on the runner's thread) after a job's row changed: progress, state. The argument is the job id.</summary>
    public event Action<long>? JobChanged;

    /// <summary>A task completed by the next <see cref="Wake"/>; take it before looking at the queue so no wake is missed.</summary>
    public Task NextWake() => Volatile.Read(ref _wake).Task;

    /// <summary>Wakes the runner.</summary>
    public void Wake() => Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Asks the runner of this process to stop job <paramref name="jobId"/> if it runs it.</summary>
    public void RequestCancel(long jobId)
    {
        if (_cancelHandlers.TryGetValue(jobId, out var cancel))
        {
            cancel();
        }
    }

    /// <summary>Tells listeners (the jobs page) that job <paramref name="jobId"/> changed.</summary>
    public void Changed(long jobId)
    {
        foreach (var listener in JobChanged?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<long>)listener)(jobId);
            }
#pragma warning disable CA1031 // A listener's failure (a closed page) must not stop a job.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    internal IDisposable OnCancel(long jobId, Action cancel)
    {
        _cancelHandlers[jobId] = cancel;
        return new Registration(() => _cancelHandlers.TryRemove(jobId, out _));
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
