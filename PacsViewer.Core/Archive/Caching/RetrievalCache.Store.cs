using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Caching;

/// <summary>One retrieval's run: the object staged by the source (or by the cache), checked, renamed into place, made durable.</summary>
public sealed partial class RetrievalCache
{
    private async Task RunAsync(Flight flight, Func<CancellationToken, Task<StagedInstance>> retrieve)
    {
        StagedInstance? staged = null;
        string? final = null;
        try
        {
            var token = flight.Cancellation;
            var retrieval = retrieve(token);
            var handedOver = retrieval.IsCompleted;
            staged = await retrieval.ConfigureAwait(false)
                ?? throw new StudySourceException(flight.Key.SourceId, "the source returned no object");
            if (handedOver)
            {
                // Handed over already staged (a series stream): rename and open off the caller's thread, which reads
                // the next part meanwhile.
                await Task.Yield();
            }
            var expected = flight.Key.Instance.SopInstanceUid;
            if (!string.Equals(staged.SopInstanceUid, expected, StringComparison.Ordinal))
            {
                throw new StudySourceException(flight.Key.SourceId, $"asked for instance {expected}, the source returned {staged.SopInstanceUid}");
            }
            if (!string.Equals(Path.GetDirectoryName(staged.Path), DirectoryPath, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("the object was staged outside the cache's folder (use RetrievalCache.Staging)");
            }
            token.ThrowIfCancellationRequested();
            var name = Guid.NewGuid().ToString("N") + CachedExtension;
            final = Path.Combine(DirectoryPath, name);
            // Renamed and opened at once, so the lease is handed out without waiting for the disk; the file is made
            // durable in the background (several fsyncs in flight, see FlushLoopAsync) and recorded in the index only
            // then. A crash before that leaves a file the index does not name, which the next start deletes.
            staged.MoveWithoutFlush(final);
            var opened = DicomFile.Open(final, CachedFileOptions, token);
            if (!string.Equals(opened.SopInstanceUid, expected, StringComparison.Ordinal))
            {
                // A source that staged the file under the identity it was announced with (a C-STORE-RQ's Affected SOP
                // Instance UID) is held to what the data set says.
                throw new StudySourceException(flight.Key.SourceId,
                    $"asked for instance {expected}, the object sent holds {opened.SopInstanceUid ?? "no SOP Instance UID"}");
            }
            var entry = new Entry(flight.Key, name, staged.Length, durable: false);
            Complete(flight, entry, opened);
            EnqueueFlush(entry);
        }
#pragma warning disable CA1031 // Any failure goes to the waiters, who rethrow it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            staged?.Dispose(); // Before the waiters hear of the failure, so no temporary file outlives the retrieval.
            TryDelete(final);
            Fail(flight, ex is StudySourceException or OperationCanceledException or IOException or UnauthorizedAccessException
                ? ex
                : new StudySourceException(flight.Key.SourceId,
                    $"instance {flight.Key.Instance.SopInstanceUid} as retrieved cannot be stored: {ex.Message}", ex));
        }
        finally
        {
            staged?.Dispose(); // No-op once moved into place or deleted above.
        }
    }
}
