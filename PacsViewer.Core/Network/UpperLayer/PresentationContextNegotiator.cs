namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// Acceptor-side transfer syntax negotiation per presentation context (PS3.8 7.1.1.13, 9.3.3.2): for each
/// proposed context, abstract syntax supported or not, then the first transfer syntax in the requester's order that
/// we support. The requester's order wins so that a sender offering its compressed data first (dcmtk storescu -xy)
/// is not made to decompress it: what we receive is then what the modality produced.
/// </summary>
public static class PresentationContextNegotiator
{
    /// <param name="supported">Abstract syntax to the transfer syntaxes we support for it; null when not supported.</param>
    public static IReadOnlyList<PresentationContext> Negotiate(IReadOnlyList<PresentationContext> proposed,
        Func<string, IReadOnlyList<string>?> supported)
    {
        var result = new List<PresentationContext>(proposed.Count);
        foreach (var pc in proposed)
        {
            var ours = supported(pc.AbstractSyntax);
            if (ours is null)
            {
                result.Add(new PresentationContext(pc.Id, pc.AbstractSyntax, [DicomTransferSyntaxUids.ImplicitVRLittleEndian], PresentationContextResult.AbstractSyntaxNotSupported));
                continue;
            }
            var chosen = pc.TransferSyntaxes.FirstOrDefault(ts => ours.Contains(ts));
            result.Add(chosen is null
                ? new PresentationContext(pc.Id, pc.AbstractSyntax, [DicomTransferSyntaxUids.ImplicitVRLittleEndian], PresentationContextResult.TransferSyntaxesNotSupported)
                : new PresentationContext(pc.Id, pc.AbstractSyntax, [chosen]));
        }
        return result;
    }

    private static class DicomTransferSyntaxUids
    {
        public const string ImplicitVRLittleEndian = "1.2.840.10008.1.2";
    }
}
