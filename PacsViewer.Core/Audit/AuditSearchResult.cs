namespace PacsViewer.Core.Audit;

/// <summary>One page of an audit search, newest first, and how many events match in all.</summary>
public sealed record AuditSearchResult(IReadOnlyList<AuditEvent> Rows, int Total);
