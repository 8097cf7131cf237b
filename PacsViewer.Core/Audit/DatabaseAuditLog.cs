using PacsViewer.Core.Data;

namespace PacsViewer.Core.Audit;

/// <summary>The audit trail in the app database (<see cref="PacsViewerDbContext.AuditEvents"/>), one short transaction per event.</summary>
public sealed class DatabaseAuditLog(PacsViewerDatabase database, TimeProvider time) : IAuditLog
{
    public async Task<AuditEvent> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var row = NewRow(entry, time.GetUtcNow());
        await using var context = database.CreateContext();
        context.AuditEvents.Add(row);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return row;
    }

    /// <summary>
    /// The row for <paramref name="entry"/> at <paramref name="at"/>, for a service that adds it to its own
    /// transaction (so the audited change and its record are committed together or not at all).
    /// </summary>
    public static AuditEvent NewRow(AuditEntry entry, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Action);
        return new AuditEvent
        {
            OccurredAt = at,
            Action = Fit(entry.Action, AuditColumns.ActionLength)!,
            Outcome = entry.Outcome,
            UserName = Fit(entry.UserName, AuditColumns.NameLength),
            UserRoles = Fit(entry.UserRoles, AuditColumns.NameLength),
            ClientAddress = Fit(entry.ClientAddress, AuditColumns.AddressLength),
            SourceName = Fit(entry.SourceName, AuditColumns.ShortLength),
            StudyInstanceUid = Fit(entry.StudyInstanceUid, AuditColumns.ShortLength),
            PatientId = Fit(entry.PatientId, AuditColumns.ShortLength),
            PatientName = Fit(entry.PatientName, AuditColumns.NameLength),
            ObjectType = Fit(entry.ObjectType, AuditColumns.ShortLength),
            ObjectId = Fit(entry.ObjectId, AuditColumns.NameLength),
            Detail = Fit(entry.Detail, AuditColumns.DetailLength),
            Emergency = entry.Emergency,
        };
    }

    /// <summary>Cuts a value to its column's length (a long query or reason must not make the audit record fail).</summary>
    private static string? Fit(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
