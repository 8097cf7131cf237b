namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>A-ASSOCIATE-AC (PS3.8 9.3.3).</summary>
public sealed record AssociateAcceptPdu(AssociationAccept Accept) : Pdu
{
    public override PduType Type => PduType.AssociateAccept;
}
