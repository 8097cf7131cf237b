namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>Graceful release (PS3.8 7.2) by either side, release collisions included (PS3.8 9.2, Table 9-10).</summary>
public sealed partial class DicomAssociation
{
    /// <summary>
    /// Releases the association, as requester or acceptor: AR-1 send A-RELEASE-RQ, Sta7; P-DATA still arriving is
    /// dropped (AR-6); Evt13 A-RELEASE-RP, AR-3 close, Sta1. When the peer's A-RELEASE-RQ crosses ours (Evt12 in
    /// Sta7, AR-8) the requester goes to Sta9 and answers at once (AR-9 send A-RELEASE-RP, Sta11), then closes on
    /// the peer's A-RELEASE-RP (AR-3, Sta1); the acceptor goes to Sta10, and on the requester's A-RELEASE-RP (AR-10,
    /// Sta12) answers (AR-4 send A-RELEASE-RP, Sta13) and waits for the requester to close. Any other PDU is
    /// answered with A-ABORT (AA-8). ARTIM bounds each wait; on expiry the association is aborted.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (State != AssociationState.Sta6)
        {
            await DisposeAsync().ConfigureAwait(false);
            return;
        }
        try
        {
            await SendAsync(new ReleaseRequestPdu(), cancellationToken).ConfigureAwait(false);
            State = AssociationState.Sta7;
            while (State is not AssociationState.Sta1 and not AssociationState.Sta13)
            {
                var pdu = await ReceivePduAsync(Options.ArtimTimeout, "the A-RELEASE-RP", cancellationToken).ConfigureAwait(false);
                await OnReleasePduAsync(pdu, cancellationToken).ConfigureAwait(false);
            }
            if (State is AssociationState.Sta13)
            {
                await AwaitCloseAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await DisposeTransportAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One PDU received while releasing: the Sta7, Sta10 and Sta11 columns of PS3.8 Table 9-10.</summary>
    private async Task OnReleasePduAsync(Pdu pdu, CancellationToken cancellationToken)
    {
        switch (State, pdu)
        {
            case (AssociationState.Sta7, PDataTransferPdu):
                return; // Evt10, AR-6: P-DATA indication; nothing of ours awaits it any more.
            case (AssociationState.Sta7, ReleaseResponsePdu):
            case (AssociationState.Sta11, ReleaseResponsePdu):
                State = AssociationState.Sta1; // Evt13, AR-3: A-RELEASE confirmation, close.
                return;
            case (AssociationState.Sta7, ReleaseRequestPdu) when IsRequester:
                State = AssociationState.Sta9; // Evt12, AR-8: release collision, requester side.
                await SendAsync(new ReleaseResponsePdu(), cancellationToken).ConfigureAwait(false);
                State = AssociationState.Sta11; // Evt14, AR-9: A-RELEASE-RP sent.
                return;
            case (AssociationState.Sta7, ReleaseRequestPdu):
                State = AssociationState.Sta10; // Evt12, AR-8: release collision, acceptor side.
                return;
            case (AssociationState.Sta10, ReleaseResponsePdu):
                State = AssociationState.Sta12; // Evt13, AR-10: A-RELEASE confirmation.
                await SendAsync(new ReleaseResponsePdu(), cancellationToken).ConfigureAwait(false);
                State = AssociationState.Sta13; // Evt14, AR-4: A-RELEASE-RP sent, ARTIM.
                return;
            default:
                throw await UnexpectedAsync(pdu, cancellationToken).ConfigureAwait(false);
        }
    }
}
