namespace PacsViewer.Core.Audit;

/// <summary>An audit search that cannot be run as given (a time range ending before it starts, a negative page).</summary>
public sealed class AuditQueryException(string message) : ArgumentException(message);
