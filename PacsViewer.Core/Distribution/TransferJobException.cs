namespace PacsViewer.Core.Distribution;

/// <summary>
/// A job that cannot be done, whatever the number of attempts (unknown destination, study not found, not allowed):
/// thrown by a handler, it fails the job at once with this message as <see cref="TransferJob.LastError"/>.
/// </summary>
public sealed class TransferJobException : Exception
{
    public TransferJobException()
    {
    }

    public TransferJobException(string message) : base(message)
    {
    }

    public TransferJobException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
