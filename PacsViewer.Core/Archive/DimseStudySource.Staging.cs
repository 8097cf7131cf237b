using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Core.Archive;

/// <summary>
/// Retrieval into the retrieval cache's folder (<see cref="IStagingStudySource"/>): the C-GET sub-operations (PS3.4
/// C.4.3) write each object straight into the staging folder, and each file is handed over as a
/// <see cref="StagedInstance"/> once it is complete, before its C-STORE response is sent; the cache renames it into
/// place (one rename per instance, not two). Nothing is
/// fsync'ed here: a cache is not the archive of record (the PACS still holds every object), and the cache makes each
/// file durable itself, group-committed on its own threads, naming it in its index only then. The durable paths
/// (<c>pacs get -o DIR</c>, the archive's receiver) still make each file durable before they report success.
/// </summary>
public sealed partial class DimseStudySource : IStagingStudySource
{
    /// <summary>Always true: DIMSE has no metadata-only retrieval, so a series' headers come with its whole instances.</summary>
    public bool MetadataNeedsInstances => true;

    /// <summary>
    /// C-GET at IMAGE level, the object written by its sub-operation into <paramref name="staging"/>'s folder. In C-MOVE
    /// mode with a router, an instance the archive holds is copied from it, any other comes by one C-MOVE at IMAGE level
    /// whose sub-operation our receiver writes into the staging folder (never into the archive).
    /// </summary>
    public async Task<StagedInstance> StageInstanceAsync(InstanceKey key, InstanceStaging staging, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(staging);
        if (_move is { } move && (move.Router is null || await move.Archive.ContainsAsync(key, cancellationToken).ConfigureAwait(false)))
        {
            // The archive holds the durable copy (or, without a router, receives it); the staged copy is written from it.
            var moved = await MoveInstanceAsync(key, move, cancellationToken).ConfigureAwait(false);
            return staging.Stage(moved, cancellationToken);
        }
        var identifier = new DicomDatasetBuilder(SeriesKeys(key.StudyInstanceUid, key.SeriesInstanceUid))
            .Set(DicomTags.SOPInstanceUID, key.SopInstanceUid)
            .ToDataset();
        // With a router, one C-MOVE at IMAGE level whose sub-operation our receiver writes into the staging folder.
        var retrieval = _move is { Router: not null } routed
            ? StageRoutedMoveAsync(QueryRetrieveLevel.Image, identifier, routed, staging, cancellationToken)
            : StageGetAsync(QueryRetrieveLevel.Image, identifier, staging, cancellationToken);
        StagedInstance? found = null;
        try
        {
            await foreach (var staged in retrieval.ConfigureAwait(false))
            {
                if (found is null && string.Equals(staged.SopInstanceUid, key.SopInstanceUid, StringComparison.Ordinal))
                {
                    found = staged;
                }
                else
                {
                    staged.Dispose();
                }
            }
        }
        catch
        {
            found?.Dispose();
            throw;
        }
        return found ?? throw new StudySourceException(Id, $"the PACS sent no instance {key.SopInstanceUid} (it may have been deleted)");
    }

    /// <summary>
    /// One C-GET of the series, each object written by its sub-operation into <paramref name="staging"/>'s folder and
    /// yielded as soon as it is complete (its C-STORE response is sent meanwhile). In C-MOVE mode, the
    /// instances come from the archive the receiver feeds and are copied into the staging folder.
    /// </summary>
    public IAsyncEnumerable<StagedInstance> StageSeriesAsync(string studyInstanceUid, string seriesInstanceUid, InstanceStaging staging,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        ArgumentNullException.ThrowIfNull(staging);
        if (_move is { Router: not null } routed)
        {
            return StageRoutedMoveAsync(QueryRetrieveLevel.Series, SeriesKeys(studyInstanceUid, seriesInstanceUid), routed, staging, cancellationToken);
        }
        if (_move is { } move)
        {
            return StageMovedAsync(studyInstanceUid, seriesInstanceUid, move, staging, cancellationToken);
        }
        return StageGetAsync(QueryRetrieveLevel.Series, SeriesKeys(studyInstanceUid, seriesInstanceUid), staging, cancellationToken);
    }

    private async IAsyncEnumerable<StagedInstance> StageMovedAsync(string studyInstanceUid, string seriesInstanceUid, DimseMoveTarget move,
        InstanceStaging staging, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var file in MoveSeriesAsync(studyInstanceUid, seriesInstanceUid, move.Archive.GetInstanceAsync, cancellationToken).ConfigureAwait(false))
        {
            yield return staging.Stage(file, cancellationToken);
        }
    }

    /// <summary>
    /// One C-MOVE (of a series, or of one instance) to our receiver, whose sub-operations the router sends into the staging folder (PS3.4
    /// C.4.2; recognised by their Move Originator AE Title and Message ID, PS3.7 9.3.1.1); each file is yielded as it
    /// arrives, before the C-MOVE completes. A failed C-MOVE, failed sub-operations or none routed to us end the
    /// enumeration with a <see cref="StudySourceException"/> after what did arrive.
    /// </summary>
    private async IAsyncEnumerable<StagedInstance> StageRoutedMoveAsync(QueryRetrieveLevel level, DicomDataset identifier, DimseMoveTarget move,
        InstanceStaging staging,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<StagedInstance>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var routed = new StrongBox<int>();
        var target = new MoveSubOperationTarget(staging.DirectoryPath, Peer.CalledAeTitle, (received, _) =>
        {
            Interlocked.Increment(ref routed.Value);
            var staged = new StagedInstance(received.Path, new FileInfo(received.Path).Length, received.SopInstanceUid, received.SopClassUid,
                received.TransferSyntaxUid);
            if (!channel.Writer.TryWrite(staged))
            {
                staged.Dispose();
                throw new InvalidOperationException("the retrieval has ended"); // the sub-operation is answered with a failure
            }
            return Task.CompletedTask;
        });
        var route = move.Router!.Open(_client.Options.CallingAeTitle, target);
        var retrieval = RunRoutedMoveAsync(level, identifier, move, route, routed, channel.Writer, stop.Token);
        try
        {
            await foreach (var staged in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return staged;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await retrieval.ConfigureAwait(false); // never faults: failures complete the channel
            channel.Writer.TryComplete();
            while (channel.Reader.TryRead(out var unread))
            {
                unread.Dispose();
            }
        }
    }

    private async Task RunRoutedMoveAsync(QueryRetrieveLevel level, DicomDataset identifier, DimseMoveTarget move, MoveRoute route, StrongBox<int> routed,
        ChannelWriter<StagedInstance> writer, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            RetrieveResult result;
            using (route) // closed once the C-MOVE has completed: no sub-operation of it can follow
            {
                result = await _client.MoveAsync(Peer, QueryRetrieveModel.StudyRoot, level, identifier, move.DestinationAeTitle, route,
                    null, cancellationToken).ConfigureAwait(false);
            }
            if (Unsuccessful(result) is { } outcome)
            {
                failure = MoveFailed(move, outcome);
            }
            else if (result.Progress is { Completed: var completed } && completed > Volatile.Read(ref routed.Value))
            {
                // Stored, but not recognised as this C-MOVE's (no Move Originator in the C-STORE-RQ, or sent from another
                // AE title than the one we called): the receiver made them durable in the archive instead.
                failure = new StudySourceException(Id, string.Create(CultureInfo.InvariantCulture,
                    $"the C-MOVE to {move.DestinationAeTitle} stored {completed} instances, {Volatile.Read(ref routed.Value)} of them recognised as ours ") +
                    $"(the PACS must send them from {Peer.CalledAeTitle} with the Move Originator AE Title and Message ID, PS3.7 9.3.1.1)");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The consumer stopped.
        }
#pragma warning disable CA1031 // Any failure goes to the consumer through the channel.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = IsSourceFailure(e) ? Fail("C-MOVE", e) : e;
        }
        writer.TryComplete(failure);
    }

    /// <summary>
    /// One C-GET whose sub-operations write into the staging folder; each received file is yielded as a
    /// <see cref="StagedInstance"/> (identity from its C-STORE-RQ, which the cache checks again against the file once
    /// it opens it). Files received but not yielded (the consumer stopped, or the retrieval failed) are deleted. Failed
    /// sub-operations or a failure status end the enumeration with a <see cref="StudySourceException"/> after what did
    /// arrive.
    /// </summary>
    private async IAsyncEnumerable<StagedInstance> StageGetAsync(QueryRetrieveLevel level, DicomDataset identifier, InstanceStaging staging,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<StagedInstance>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var retrieval = RunStageGetAsync(level, identifier, staging.DirectoryPath, channel.Writer, stop.Token);
        try
        {
            await foreach (var staged in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return staged;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await retrieval.ConfigureAwait(false); // never faults: failures complete the channel
            while (channel.Reader.TryRead(out var unread))
            {
                unread.Dispose();
            }
        }
    }

    private async Task RunStageGetAsync(QueryRetrieveLevel level, DicomDataset identifier, string directory, ChannelWriter<StagedInstance> writer,
        CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var result = await _client.GetAsync(Peer, QueryRetrieveModel.StudyRoot, level, identifier, directory, null, (received, ct) =>
            {
                var staged = new StagedInstance(received.Path, new FileInfo(received.Path).Length, received.SopInstanceUid, received.SopClassUid,
                    received.TransferSyntaxUid);
                if (!writer.TryWrite(staged))
                {
                    staged.Dispose(); // The channel is complete: nobody will take it.
                }
                return Task.CompletedTask;
            }, flushFiles: false, renameFiles: false, cancellationToken).ConfigureAwait(false);
            if (Unsuccessful(result) is { } outcome)
            {
                failure = new StudySourceException(Id, $"C-GET {outcome}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The consumer stopped.
        }
#pragma warning disable CA1031 // Any failure goes to the consumer through the channel.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = IsSourceFailure(e) ? Fail("C-GET", e) : e;
        }
        writer.TryComplete(failure);
    }
}
