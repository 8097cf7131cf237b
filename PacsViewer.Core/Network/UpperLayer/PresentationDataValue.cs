namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// A PDV item (PS3.8 9.3.5.1 and Annex E.2): the presentation context, the message control header (bit 0 set for
/// a command fragment, bit 1 set for the last fragment) and a fragment of a command or data set.
/// </summary>
public sealed record PresentationDataValue(byte PresentationContextId, bool IsCommand, bool IsLast, ReadOnlyMemory<byte> Data)
{
    /// <summary>PS3.8 E.2: the message control header byte.</summary>
    public byte MessageControlHeader => (byte)((IsCommand ? 1 : 0) | (IsLast ? 2 : 0));
}
