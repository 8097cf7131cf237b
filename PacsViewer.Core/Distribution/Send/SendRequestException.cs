namespace PacsViewer.Core.Distribution.Send;

/// <summary>A send request refused before any job was queued (not allowed, no access to the study, an impossible destination); the message is for the user.</summary>
public sealed class SendRequestException : Exception
{
    public SendRequestException()
    {
    }

    public SendRequestException(string message) : base(message)
    {
    }

    public SendRequestException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
