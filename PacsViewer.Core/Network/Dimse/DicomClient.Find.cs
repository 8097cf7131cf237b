using System.Runtime.CompilerServices;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Network.UpperLayer;
using PacsViewer.Core.Telemetry;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>C-FIND as service user (PS3.4 C.4.1; PS3.7 9.1.2), with C-CANCEL (PS3.7 9.3.2.3).</summary>
public sealed partial class DicomClient
{
    /// <summary>
    /// Queries and yields each pending result as it arrives. Cancelling the token, or leaving the enumeration
    /// early, sends C-CANCEL-RQ and waits (DIMSE timeout) for the final response before releasing. A failure
    /// status throws <see cref="DimseFailureException"/>.
    /// </summary>
    public async IAsyncEnumerable<DicomDataset> FindAsync(DicomPeer peer, QueryRetrieveModel model, QueryRetrieveLevel level, DicomDataset identifier,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sopClass = model == QueryRetrieveModel.PatientRoot ? DicomUids.PatientRootQueryRetrieveInformationModelFind : DicomUids.StudyRootQueryRetrieveInformationModelFind;
        // The round trip lasts until the final response (or until the caller leaves the enumeration).
        using var trip = Options.Telemetry?.StartPacsRoundTrip(PacsOperations.Find, peer.Host, peer.Port);
        var channel = await OpenAsync(peer, [new PresentationContext(1, sopClass, Uncompressed)], [], cancellationToken).ConfigureAwait(false);
        var completed = false;
        ushort id = 0;
        try
        {
            var context = RequireContext(channel, sopClass);
            id = channel.NextMessageId();
            var query = WithLevel(identifier, level);
            await channel.SendAsync(new DimseMessage(context, DimseCommands.FindRequest(id, sopClass), query), cancellationToken).ConfigureAwait(false);
            var messageId = id;
            using var cancel = cancellationToken.Register(() => _ = SendCancelAsync(channel, context, messageId));
            while (true)
            {
                // Received without the caller's token: cancelling sends C-CANCEL-RQ and the peer's final response ends the loop.
                var response = await ReceiveResponseAsync(channel, id, DimseCommandField.CFindRsp, CancellationToken.None).ConfigureAwait(false);
                var dataset = response.HasDataset
                    ? await channel.ReceiveDatasetAsync(response, Options.Association.DimseTimeout, CancellationToken.None).ConfigureAwait(false)
                    : null;
                if (response.Status.IsPending)
                {
                    if (dataset is not null && !cancellationToken.IsCancellationRequested)
                    {
                        yield return dataset;
                    }
                    continue;
                }
                completed = true;
                await channel.Association.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                // After a C-CANCEL-RQ the final status (FE00, or whatever the peer answers) only ends the operation.
                cancellationToken.ThrowIfCancellationRequested();
                if (response.Status.IsFailure)
                {
                    throw new DimseFailureException("C-FIND", response.Status, response.ErrorComment);
                }
                trip?.Succeeded();
                break;
            }
        }
        finally
        {
            if (!completed && channel.Association.State == AssociationState.Sta6)
            {
                await CancelAndReleaseAsync(channel, id, DimseCommandField.CFindRsp).ConfigureAwait(false);
            }
            await channel.Association.DisposeAsync().ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>C-CANCEL-RQ, then responses are read (and dropped) until the final one, then release; abort if that fails.</summary>
    private async Task CancelAndReleaseAsync(DimseChannel channel, ushort messageId, ushort responseField)
    {
        try
        {
            var context = channel.Association.Accept.PresentationContexts.First(p => p.IsAccepted).Id;
            await channel.SendAsync(new DimseMessage(context, DimseCommands.CancelRequest(messageId)), CancellationToken.None).ConfigureAwait(false);
            while (true)
            {
                var response = await ReceiveResponseAsync(channel, messageId, responseField, CancellationToken.None).ConfigureAwait(false);
                if (response.HasDataset)
                {
                    await channel.ReceiveDatasetToAsync(response, Stream.Null, Options.Limits.MaxDatasetBytesInMemory, Options.Association.DimseTimeout, CancellationToken.None).ConfigureAwait(false);
                }
                if (!response.Status.IsPending)
                {
                    break;
                }
            }
            await channel.Association.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (DicomNetworkException)
        {
            await channel.Association.AbortAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Sets Query/Retrieve Level (0008,0052) on the identifier (PS3.4 C.4.1.1.3.1).</summary>
    private static DicomDataset WithLevel(DicomDataset identifier, QueryRetrieveLevel level) =>
        new DicomDatasetBuilder(identifier).Set(DicomTags.QueryRetrieveLevel, DicomVR.CS, level switch
        {
            QueryRetrieveLevel.Patient => "PATIENT",
            QueryRetrieveLevel.Study => "STUDY",
            QueryRetrieveLevel.Series => "SERIES",
            _ => "IMAGE",
        }).ToDataset();
}
