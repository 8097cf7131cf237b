using System.Globalization;
using System.Runtime.CompilerServices;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Core.Archive;

/// <summary>
/// Retrieval by C-MOVE to our receiver (PS3.4 C.4.2) without a router: the receiver hands each instance to the
/// built-in archive before it answers the sub-operation, and an instance already archived is read from there without
/// asking the PACS. The app gives its C-MOVE sources the receiver's router and puts them behind the retrieval cache,
/// which retrieves through DimseStudySource.Staging.cs instead (sub-operations routed into the cache's folder).
/// </summary>
public sealed partial class DimseStudySource
{
    /// <summary>
    /// Streams a series moved to our receiver: the series' instances are listed by C-FIND; those the archive holds are
    /// yielded at once; if any is missing, one C-MOVE of the series runs while a <see cref="ArchiveSeriesWatch"/> (opened
    /// before anything is listed, so no instance is missed) reports each instance as the archive indexes it, and it is
    /// yielded then, before the C-MOVE completes. Once the C-MOVE has completed, the index is checked for what the watch
    /// may not have seen (an instance indexed by another process), and a listed instance still missing ends the
    /// enumeration with a <see cref="StudySourceException"/>, as does a failed C-MOVE, after what did arrive.
    /// </summary>
    private async IAsyncEnumerable<T> MoveSeriesAsync<T>(string studyInstanceUid, string seriesInstanceUid,
        Func<InstanceKey, CancellationToken, Task<T>> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var move = _move!;
        using var watch = move.Archive.WatchSeries(studyInstanceUid, seriesInstanceUid);
        var listed = await SeriesRetrieval.ListAsync(this, studyInstanceUid, seriesInstanceUid, cancellationToken).ConfigureAwait(false);
        var yielded = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<InstanceKey>();
        foreach (var key in listed)
        {
            if (await move.Archive.ContainsAsync(key, cancellationToken).ConfigureAwait(false))
            {
                yielded.Add(key.SopInstanceUid);
                yield return await read(key, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                missing.Add(key);
            }
        }
        if (missing.Count == 0)
        {
            yield break;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var moving = RunMoveAsync(QueryRetrieveLevel.Series, SeriesKeys(studyInstanceUid, seriesInstanceUid), move, watch, stop.Token);
        try
        {
            await foreach (var key in watch.Indexed.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (yielded.Add(key.SopInstanceUid))
                {
                    yield return await read(key, cancellationToken).ConfigureAwait(false);
                }
            }
            // The C-MOVE completed with success: whatever the watch did not report must be in the index now.
            foreach (var key in missing)
            {
                if (yielded.Contains(key.SopInstanceUid))
                {
                    continue;
                }
                if (!await move.Archive.ContainsAsync(key, cancellationToken).ConfigureAwait(false))
                {
                    throw new StudySourceException(Id, string.Create(CultureInfo.InvariantCulture,
                        $"the C-MOVE of series {seriesInstanceUid} to {move.DestinationAeTitle} completed, but instance {key.SopInstanceUid} ") +
                        "did not reach the archive (the PACS may have deleted it, or sent it elsewhere)");
                }
                yielded.Add(key.SopInstanceUid);
                yield return await read(key, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await moving.ConfigureAwait(false); // never faults: a failure completes the watch
        }
    }

    /// <summary>
    /// One instance: from the archive if it holds it, otherwise one C-MOVE at IMAGE level, after which it is in the
    /// archive (the receiver answers each sub-operation only once the archive has indexed the instance).
    /// </summary>
    private async Task<DicomFile> MoveInstanceAsync(InstanceKey key, DimseMoveTarget move, CancellationToken cancellationToken)
    {
        if (!await move.Archive.ContainsAsync(key, cancellationToken).ConfigureAwait(false))
        {
            var identifier = new DicomDatasetBuilder(SeriesKeys(key.StudyInstanceUid, key.SeriesInstanceUid))
                .Set(DicomTags.SOPInstanceUID, key.SopInstanceUid)
                .ToDataset();
            try
            {
                await MoveAsync(QueryRetrieveLevel.Image, identifier, move, cancellationToken).ConfigureAwait(false);
            }
            catch (StudySourceException e)
            {
                throw new StudySourceException(Id, $"instance {key.SopInstanceUid}: {e.Message}", e.InnerException ?? e);
            }
        }
        try
        {
            return await move.Archive.GetInstanceAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (StudySourceException e)
        {
            throw new StudySourceException(Id, $"the C-MOVE of instance {key.SopInstanceUid} to {move.DestinationAeTitle} completed but the " +
                "instance is not in the archive; check that our receiver runs (Archive:ReceiverPort) and that the PACS knows its address", e);
        }
    }

    /// <summary>Runs the C-MOVE and completes <paramref name="watch"/>: without error on success, with the <see cref="StudySourceException"/> otherwise.</summary>
    private async Task RunMoveAsync(QueryRetrieveLevel level, DicomDataset identifier, DimseMoveTarget move, ArchiveSeriesWatch watch, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await MoveAsync(level, identifier, move, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The consumer stopped.
        }
#pragma warning disable CA1031 // Any failure goes to the consumer through the watch.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }
        watch.Complete(failure);
    }

    private async Task MoveAsync(QueryRetrieveLevel level, DicomDataset identifier, DimseMoveTarget move, CancellationToken cancellationToken)
    {
        RetrieveResult result;
        try
        {
            result = await _client.MoveAsync(Peer, QueryRetrieveModel.StudyRoot, level, identifier, move.DestinationAeTitle, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsSourceFailure(e))
        {
            throw Fail("C-MOVE", e);
        }
        if (Unsuccessful(result) is { } outcome)
        {
            throw MoveFailed(move, outcome);
        }
    }

    private StudySourceException MoveFailed(DimseMoveTarget move, string outcome) =>
        new(Id, $"C-MOVE to {move.DestinationAeTitle} {outcome}; the PACS must know our receiver's AE title, host and port, " +
            "and the receiver must run (Archive:ReceiverPort)");
}
