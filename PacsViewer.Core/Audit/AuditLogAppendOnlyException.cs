namespace PacsViewer.Core.Audit;

/// <summary>A change or deletion of an audit event was refused: the audit trail is append-only.</summary>
public sealed class AuditLogAppendOnlyException() : InvalidOperationException("The audit trail is append-only: audit events are never changed or deleted");
