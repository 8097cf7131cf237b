namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>The association ended by A-ABORT (received or sent) or by the connection closing (PS3.8 7.3, 7.4).</summary>
public sealed class AssociationAbortedException : DicomNetworkException
{
    public AssociationAbortedException(string message, AbortPdu? abort = null, Exception? inner = null) : base(message, inner)
    {
        Abort = abort;
    }

    /// <summary>The A-ABORT received, when the peer sent one.</summary>
    public AbortPdu? Abort { get; }
}
