namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// An export could not be made for a reason of the machine rather than the report, e.g. the fonts the PDF needs are
/// not installed. The message says what is missing and how to install it.
/// </summary>
public sealed class ReportExportException : Exception
{
    public ReportExportException()
        : base("The report could not be exported.")
    {
    }

    public ReportExportException(string message)
        : base(message)
    {
    }

    public ReportExportException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
