namespace PacsViewer.Tests.Core.Archive.Caching;

/// <summary>Holds the retrievals of one instance in <see cref="FolderStudySource"/> until <see cref="Release"/>.</summary>
internal sealed class RetrievalGate
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first retrieval has reached the gate.</summary>
    public Task Started => _started.Task;

    public Task Released => _released.Task;

    public void SignalStarted() => _started.TrySetResult();

    public void Release() => _released.TrySetResult();
}
