namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// Decides on the requester's User Identity sub-item (PS3.7 D.3.3.7) when an acceptor checks identities. It is
/// called for every A-ASSOCIATE-RQ, with null when the requester sent no identity, so that it can require one.
/// </summary>
public interface IUserIdentityValidator
{
    UserIdentityValidation Validate(UserIdentity? identity, AssociationRequest request);
}
