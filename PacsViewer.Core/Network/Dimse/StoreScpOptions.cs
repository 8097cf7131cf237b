namespace PacsViewer.Core.Network.Dimse;

/// <summary>Options of the C-STORE / C-ECHO receiver. Timers come from the server's association options.</summary>
public sealed record StoreScpOptions
{
    /// <summary>Where received files are written (temporary file, then a generated name).</summary>
    public required string IncomingDirectory { get; init; }

    /// <summary>Our AE title; an association called with another title is rejected. Empty accepts any.</summary>
    public string AeTitle { get; init; } = "PACSVIEWER";

    /// <summary>Calling AE titles allowed; empty allows any.</summary>
    public IReadOnlyCollection<string> AllowedCallingAeTitles { get; init; } = [];

    public IReadOnlyList<string> SopClasses { get; init; } = StorageSopClasses.Common;

    /// <summary>Transfer syntaxes accepted; among them the requester's order of preference decides.</summary>
    public IReadOnlyList<string> TransferSyntaxes { get; init; } = StorageSopClasses.TransferSyntaxes;

    public DimseChannelLimits Limits { get; init; } = DimseChannelLimits.Default;

    /// <summary>
    /// When set, decides on the requester's User Identity (PS3.7 D.3.3.7), e.g. <see cref="UpperLayer.UsernamePasswordValidator"/>:
    /// a refusal rejects the association; a positive response is sent when the requester asks for one.
    /// </summary>
    public UpperLayer.IUserIdentityValidator? UserIdentityValidator { get; init; }

    /// <summary>
    /// When set, the sub-operations of our own C-MOVEs that a route is open for go to that route's target, written
    /// without an fsync and answered once handed over (a retrieval cache); every other instance is made durable first.
    /// </summary>
    public MoveOriginatorRouter? MoveRouter { get; init; }
}
