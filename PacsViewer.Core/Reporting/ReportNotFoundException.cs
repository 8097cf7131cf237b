namespace PacsViewer.Core.Reporting;

/// <summary>No such report (or study on the worklist).</summary>
public sealed class ReportNotFoundException(string message) : ReportingException(message);
