namespace PacsViewer.Core.Reporting.Export;

/// <summary>
/// A report could not be delivered: the source is unknown, unreachable, answered an error status or refused the object.
/// The message says which source and why; it carries no patient data or report text.
/// </summary>
public sealed class ReportDeliveryException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ReportDeliveryException()
        : base("The report could not be delivered.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ReportDeliveryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the underlying failure.</summary>
    public ReportDeliveryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
