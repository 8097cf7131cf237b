namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>A-ASSOCIATE-RJ (PS3.8 9.3.4): result, source and reason/diagnostic.</summary>
public sealed record AssociateRejectPdu(AssociationRejection Rejection) : Pdu
{
    public override PduType Type => PduType.AssociateReject;
}
