namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// What an acceptor grants in the extended negotiation of the User Information item: SCP/SCU role selection
/// (PS3.7 D.3.3.4), the asynchronous operations window (PS3.7 D.3.3.3) and user identity (PS3.7 D.3.3.7). Each
/// service builds its own; <see cref="UserInformationNegotiator"/> applies it to a request.
/// </summary>
public sealed record AcceptorPolicy
{
    /// <summary>
    /// For a SOP class, the roles in which we accept the requester: <c>RequesterScu</c> (we are the SCP) and
    /// <c>RequesterScp</c> (we are the SCU, as a C-GET SCP is for storage). The default accepts only the default
    /// roles: the requester as SCU.
    /// </summary>
    public Func<string, (bool RequesterScu, bool RequesterScp)> Roles { get; init; } = _ => (true, false);

    /// <summary>
    /// The most operations we let the requester invoke and we perform asynchronously (PS3.7 D.3.3.3). We do
    /// not do asynchronous operations: (1, 1).
    /// </summary>
    public (ushort Invoked, ushort Performed) AsynchronousOperationsWindow { get; init; } = (1, 1);

    /// <summary>Null: identities are not checked, and no response is sent (PS3.7 D.3.3.7: the item is ignored).</summary>
    public IUserIdentityValidator? UserIdentityValidator { get; init; }
}
