namespace PacsViewer.Core.Audit;

/// <summary>Appends to the audit trail. Recording is part of the audited action: a failure to record is thrown.</summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="entry"/> with the current time; returns the row written.</summary>
    Task<AuditEvent> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default);
}
