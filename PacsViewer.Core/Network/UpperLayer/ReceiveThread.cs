using System.Collections.Concurrent;

namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// A thread of its own for one association's receive loop (a C-GET's C-STORE sub-operations): the loop's socket
/// reads block on this thread (the kernel wakes it when bytes arrive, as in dcmtk's getscu) instead of completing
/// through the socket engine's event thread and a thread-pool hand-off, which cost us about a third of the C-GET's
/// time on a 2-core machine. The thread is also the loop's synchronization context: when a step of the loop does
/// suspend (a callback awaiting its own I/O, a blocked write), the loop's next await, which keeps its context, comes
/// back here, so that its reads never block a thread-pool thread. Only reads made on this thread may block
/// (<see cref="PduReadAheadStream.AllowBlockingReads"/>).
/// </summary>
internal sealed class ReceiveThread : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _work = [];

    private ReceiveThread()
    {
    }

    /// <summary>
    /// Runs <paramref name="loop"/> on a new background thread whose reads of <paramref name="stream"/> (when given)
    /// block, and completes with its outcome once it has finished (continuations of the returned task never run on
    /// that thread).
    /// </summary>
    public static Task<T> RunAsync<T>(string name, PduReadAheadStream? stream, Func<Task<T>> loop)
    {
        var outcome = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = new ReceiveThread();
        var thread = new Thread(() => context.Run(stream, loop, outcome)) { IsBackground = true, Name = name };
        thread.Start();
        return outcome.Task;
    }

    private void Run<T>(PduReadAheadStream? stream, Func<Task<T>> loop, TaskCompletionSource<T> outcome)
    {
        SetSynchronizationContext(this);
        using var blocking = stream?.AllowBlockingReads();
        Task<T> task;
        try
        {
            task = loop();
        }
#pragma warning disable CA1031 // Whatever the loop throws is its caller's, through the task.
        catch (Exception e)
#pragma warning restore CA1031
        {
            outcome.SetException(e);
            return;
        }
        task.ContinueWith(static (_, state) => ((ReceiveThread)state!)._work.CompleteAdding(), this, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        foreach (var (callback, state) in _work.GetConsumingEnumerable())
        {
            callback(state);
        }
        outcome.SetFromTask(task);
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _work.Add((d, state));
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // The loop has finished: whatever still comes (a timer's continuation) runs on the thread pool.
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.d(s.state), (d, state), preferLocal: false);
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("the receive thread runs posted work only");

    public override SynchronizationContext CreateCopy() => this;
}
