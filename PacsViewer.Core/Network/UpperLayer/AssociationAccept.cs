namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// The content of an A-ASSOCIATE-AC (PS3.8 7.1.1, 9.3.3). The AE titles are those of the request, echoed. Each
/// presentation context holds its result and, when accepted, the one transfer syntax chosen; on the requester
/// side the abstract syntax is filled in from the request.
/// </summary>
public sealed record AssociationAccept
{
    public required string CalledAeTitle { get; init; }

    public required string CallingAeTitle { get; init; }

    public string ApplicationContextName { get; init; } = AssociationRequest.DicomApplicationContext;

    public required IReadOnlyList<PresentationContext> PresentationContexts { get; init; }

    public UserInformation UserInformation { get; init; } = new();

    public ushort ProtocolVersion { get; init; } = 1;

    /// <summary>The accepted context with this id, or null.</summary>
    public PresentationContext? FindAccepted(byte id)
    {
        foreach (var pc in PresentationContexts)
        {
            if (pc.Id == id && pc.IsAccepted)
            {
                return pc;
            }
        }
        return null;
    }
}
