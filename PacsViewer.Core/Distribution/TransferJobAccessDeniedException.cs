namespace PacsViewer.Core.Distribution;

/// <summary>A user asked for something on a job (or a distribution setting) that is not theirs to change.</summary>
public sealed class TransferJobAccessDeniedException : Exception
{
    public TransferJobAccessDeniedException()
    {
    }

    public TransferJobAccessDeniedException(string message) : base(message)
    {
    }

    public TransferJobAccessDeniedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
