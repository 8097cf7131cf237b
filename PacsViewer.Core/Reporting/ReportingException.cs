namespace PacsViewer.Core.Reporting;

/// <summary>Base of the reporting service's typed errors; the message is fit to show to the user.</summary>
public class ReportingException : Exception
{
    public ReportingException()
    {
    }

    public ReportingException(string message) : base(message)
    {
    }

    public ReportingException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
