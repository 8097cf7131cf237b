namespace PacsViewer.Core.Reporting;

/// <summary>The user's role or relation to the report does not allow the action (e.g. signing another author's draft).</summary>
public sealed class ReportAccessDeniedException(string message) : ReportingException(message);
