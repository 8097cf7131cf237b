namespace PacsViewer.Core.Reporting;

/// <summary>The action does not fit the report's status (e.g. an addendum to a draft, a save to a Final report).</summary>
public sealed class ReportStateException(string message) : ReportingException(message);
