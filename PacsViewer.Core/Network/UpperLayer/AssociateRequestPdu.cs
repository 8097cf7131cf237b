namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>A-ASSOCIATE-RQ (PS3.8 9.3.2).</summary>
public sealed record AssociateRequestPdu(AssociationRequest Request) : Pdu
{
    public override PduType Type => PduType.AssociateRequest;
}
