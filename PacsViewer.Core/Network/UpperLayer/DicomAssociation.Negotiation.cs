namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>The outcome of the extended negotiation (PS3.7 D.3.3) as both sides must read it.</summary>
public sealed partial class DicomAssociation
{
    /// <summary>
    /// The roles of the requester for a SOP class (PS3.7 D.3.3.4): a role proposed in a role selection item holds
    /// when the acceptor returned 1 for it; an answer to a role not proposed is ignored; without an answer (or
    /// without a proposal) the requester is SCU only and the acceptor SCP.
    /// </summary>
    public (bool RequesterScu, bool RequesterScp) RequesterRoles(string sopClassUid)
    {
        var proposed = Request.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == sopClassUid);
        var answered = Accept.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == sopClassUid);
        return proposed is null || answered is null
            ? (true, false)
            : (proposed.ScuRole && answered.ScuRole, proposed.ScpRole && answered.ScpRole);
    }

    /// <summary>
    /// The negotiated asynchronous operations window (PS3.7 D.3.3.3): what the acceptor answered to a proposal,
    /// (1, 1) when either side left the item out. Our service users never have more than one operation outstanding,
    /// which every answer allows.
    /// </summary>
    public (ushort Invoked, ushort Performed) AsynchronousOperationsWindow =>
        Request.UserInformation.AsynchronousOperationsWindow is not null && Accept.UserInformation.AsynchronousOperationsWindow is { } answered
            ? answered
            : ((ushort)1, (ushort)1);
}
