namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>An acceptor's answer to an A-ASSOCIATE-RQ: accept (with per-context results) or reject.</summary>
public sealed record AssociationNegotiation(AssociationAccept? Accept, AssociationRejection? Rejection)
{
    public static AssociationNegotiation Reject(AssociationRejection rejection) => new(null, rejection);

    public static AssociationNegotiation AcceptWith(AssociationAccept accept) => new(accept, null);
}
