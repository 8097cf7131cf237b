namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// A presentation context (PS3.8 7.1.1.13, 9.3.2.2, 9.3.3.2): an odd id (1-255), the abstract syntax (SOP class),
/// the transfer syntaxes proposed (request) or the one accepted (accept), and the result. The accept item carries
/// no abstract syntax; the requester fills it in from its proposal.
/// </summary>
public sealed record PresentationContext(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes,
    PresentationContextResult Result = PresentationContextResult.Acceptance)
{
    public bool IsAccepted => Result == PresentationContextResult.Acceptance && TransferSyntaxes.Count > 0;

    /// <summary>The accepted transfer syntax (the only one in an accept item).</summary>
    public string TransferSyntax => TransferSyntaxes.Count > 0 ? TransferSyntaxes[0] : "";
}
