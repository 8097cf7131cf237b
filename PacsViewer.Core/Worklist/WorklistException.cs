namespace PacsViewer.Core.Worklist;

/// <summary>A typed worklist error (unknown study, bad filter, action not allowed); the message is fit to show.</summary>
public sealed class WorklistException : Exception
{
    public WorklistException()
    {
    }

    public WorklistException(string message) : base(message)
    {
    }

    public WorklistException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
