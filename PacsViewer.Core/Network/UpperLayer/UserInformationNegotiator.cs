namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// Acceptor side of the extended negotiation carried in the User Information item (PS3.8 9.3.3.3): the answers
/// an A-ASSOCIATE-AC gives to the requester's role selection, asynchronous operations window and user identity
/// sub-items. Nothing is answered that was not proposed.
/// </summary>
public static class UserInformationNegotiator
{
    /// <summary>
    /// The User Information of the accept under <paramref name="policy"/>, or a rejection when the user identity
    /// is refused (PS3.7 D.3.3.7: rejected-permanent, service user, no reason given).
    /// </summary>
    public static (UserInformation? Accept, AssociationRejection? Rejection) Negotiate(AssociationRequest request, AcceptorPolicy policy)
    {
        var proposed = request.UserInformation;
        ReadOnlyMemory<byte>? identityResponse = null;
        if (policy.UserIdentityValidator is { } validator)
        {
            var validation = validator.Validate(proposed.UserIdentity, request);
            if (!validation.IsAccepted)
            {
                return (null, AssociationRejection.NoReasonGiven);
            }
            // PS3.7 D.3.3.7.2: the response sub-item is sent only when a positive response was requested.
            if (proposed.UserIdentity is { PositiveResponseRequested: true })
            {
                identityResponse = validation.ServerResponse;
            }
        }
        var accept = new UserInformation
        {
            RoleSelections = NegotiateRoles(proposed.RoleSelections, policy.Roles),
            AsynchronousOperationsWindow = NegotiateWindow(proposed.AsynchronousOperationsWindow, policy.AsynchronousOperationsWindow),
            UserIdentityServerResponse = identityResponse,
        };
        return (accept, null);
    }

    /// <summary>
    /// PS3.7 D.3.3.4: one answer per proposed item; a role is accepted (1) only when the requester proposed it and
    /// <paramref name="roles"/> allows it for that SOP class, otherwise turned down (0). No item is answered that was
    /// not proposed. A class proposed twice is answered once, for its first item.
    /// </summary>
    public static IReadOnlyList<RoleSelection> NegotiateRoles(IReadOnlyList<RoleSelection> proposed, Func<string, (bool RequesterScu, bool RequesterScp)> roles)
    {
        var answers = new List<RoleSelection>(proposed.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in proposed)
        {
            if (!seen.Add(item.SopClassUid))
            {
                continue;
            }
            var (scu, scp) = roles(item.SopClassUid);
            answers.Add(new RoleSelection(item.SopClassUid, item.ScuRole && scu, item.ScpRole && scp));
        }
        return answers;
    }

    /// <summary>
    /// PS3.7 D.3.3.3: answered only when proposed; each count is the smaller of the requester's and ours, where 0
    /// means unlimited. A large proposal is thus narrowed, never a reason to reject.
    /// </summary>
    public static (ushort Invoked, ushort Performed)? NegotiateWindow((ushort Invoked, ushort Performed)? proposed, (ushort Invoked, ushort Performed) ours) =>
        proposed is { } p ? (Smaller(p.Invoked, ours.Invoked), Smaller(p.Performed, ours.Performed)) : null;

    /// <summary>
    /// Holds an accept built by a service to the rules above whatever it put in: role answers only for proposed
    /// classes and only for proposed roles, a window only when proposed and never wider, an identity response only
    /// when a positive response was requested.
    /// </summary>
    public static UserInformation Restrict(UserInformation proposed, UserInformation answered)
    {
        var proposedRoles = new Dictionary<string, RoleSelection>(StringComparer.Ordinal);
        foreach (var item in proposed.RoleSelections)
        {
            proposedRoles.TryAdd(item.SopClassUid, item);
        }
        var roles = new List<RoleSelection>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var answer in answered.RoleSelections)
        {
            if (proposedRoles.TryGetValue(answer.SopClassUid, out var item) && seen.Add(answer.SopClassUid))
            {
                roles.Add(new RoleSelection(answer.SopClassUid, answer.ScuRole && item.ScuRole, answer.ScpRole && item.ScpRole));
            }
        }
        return answered with
        {
            RoleSelections = roles,
            AsynchronousOperationsWindow = proposed.AsynchronousOperationsWindow is { } p
                ? NegotiateWindow(p, answered.AsynchronousOperationsWindow ?? (1, 1))
                : null,
            UserIdentityServerResponse = proposed.UserIdentity is { PositiveResponseRequested: true } ? answered.UserIdentityServerResponse : null,
        };
    }

    private static ushort Smaller(ushort theirs, ushort ours) => theirs == 0 ? ours : ours == 0 ? theirs : Math.Min(theirs, ours);
}
