using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Caching;

/// <summary>
/// One <see cref="IStudySource.RetrieveSeriesAsync"/> of the inner source, shared by the per-instance retrievals of a
/// <see cref="CachingStudySource.RetrieveSeriesAsync"/>: each instance's retrieval waits for its file to come out of the
/// series stream. Started by the first retrieval that needs it. When the stream ends without an instance (or the
/// series retrieval stops while another request still waits for an instance), that instance is retrieved on its own,
/// so no request is failed by a stream it did not ask to stop. A failure of the stream itself goes to every instance
/// still waiting.
/// </summary>
internal sealed class SeriesFeed
{
    private readonly IStudySource _inner;
    private readonly string _studyInstanceUid;
    private readonly string _seriesInstanceUid;
    private readonly CancellationToken _stop;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource<DicomFile?>> _pending = new(StringComparer.Ordinal);
    private Task? _run;

    public SeriesFeed(IStudySource inner, string studyInstanceUid, string seriesInstanceUid, IEnumerable<InstanceKey> expected,
        CancellationToken stop)
    {
        _inner = inner;
        _studyInstanceUid = studyInstanceUid;
        _seriesInstanceUid = seriesInstanceUid;
        _stop = stop;
        foreach (var key in expected)
        {
            _pending[key.SopInstanceUid] = new TaskCompletionSource<DicomFile?>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>The stream's run, once started; it never faults.</summary>
    public Task Completion
    {
        get
        {
            lock (_gate)
            {
                return _run ?? Task.CompletedTask;
            }
        }
    }

    /// <summary>The instance from the series stream, or retrieved on its own when the stream did not bring it.</summary>
    public async Task<DicomFile> RetrieveAsync(InstanceKey key, CancellationToken cancellationToken)
    {
        TaskCompletionSource<DicomFile?>? slot;
        lock (_gate)
        {
            _pending.TryGetValue(key.SopInstanceUid, out slot);
            _run ??= RunAsync();
        }
        if (slot is not null)
        {
            var file = await slot.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _pending.Remove(key.SopInstanceUid); // Let the file go once its retrieval has it.
            }
            if (file is not null)
            {
                return file;
            }
        }
        return await _inner.GetInstanceAsync(key, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await Task.Yield(); // Never run the stream on the caller's thread (it holds no lock, but keep callers short).
        Exception? failure = null;
        try
        {
            await foreach (var file in _inner.RetrieveSeriesAsync(_studyInstanceUid, _seriesInstanceUid, _stop).ConfigureAwait(false))
            {
                var sop = file.SopInstanceUid;
                TaskCompletionSource<DicomFile?>? slot = null;
                lock (_gate)
                {
                    if (sop is not null)
                    {
                        _pending.TryGetValue(sop, out slot);
                    }
                }
                slot?.TrySetResult(file); // Unexpected or repeated instances are dropped.
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The series retrieval stopped: instances still wanted by other requests are retrieved on their own.
        }
#pragma warning disable CA1031 // Handed to every instance still waiting.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }
        List<TaskCompletionSource<DicomFile?>> unfinished;
        lock (_gate)
        {
            unfinished = [.. _pending.Values];
        }
        foreach (var slot in unfinished)
        {
            if (failure is null)
            {
                slot.TrySetResult(null);
            }
            else
            {
                slot.TrySetException(failure);
            }
        }
    }
}
