namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// A PDU that breaks PS3.8 9.3: unknown type, a length beyond the limit or its container, a truncated item. The
/// association is aborted with <see cref="AbortReason"/> (PS3.8 Table 9-26).
/// </summary>
public sealed class PduFormatException : DicomNetworkException
{
    public PduFormatException(string message, byte abortReason = AbortPdu.ReasonInvalidPduParameterValue) : base(message)
    {
        AbortReason = abortReason;
    }

    public byte AbortReason { get; }
}
