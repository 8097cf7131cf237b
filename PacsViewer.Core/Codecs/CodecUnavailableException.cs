namespace PacsViewer.Core.Codecs;

/// <summary>
/// No decoder for a transfer syntax on this machine: the message names the syntax and what would provide it
/// (e.g. "install the Debian package libcharls2").
/// </summary>
public sealed class CodecUnavailableException : PixelDataException
{
    public CodecUnavailableException(string transferSyntaxUid, string message) : base(message)
    {
        TransferSyntaxUid = transferSyntaxUid;
    }

    public string TransferSyntaxUid { get; }
}
