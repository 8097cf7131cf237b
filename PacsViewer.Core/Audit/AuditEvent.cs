namespace PacsViewer.Core.Audit;

/// <summary>
/// One row of the append-only audit trail (issue 7): who did what, when, from where, to which patient and study, with
/// what outcome. Never updated or deleted: <see cref="Data.PacsViewerDbContext"/> refuses it and database triggers
/// refuse it on both providers. Holds no report text and no image data; <see cref="Detail"/> is a short description.
/// The fields follow what a DICOM audit message (PS3.15 A.5) and a FHIR AuditEvent need: event, outcome, active
/// participant (user, roles, network address), participant objects (patient, study, other object).
/// </summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>What happened: one of <see cref="AuditActions"/>.</summary>
    public string Action { get; set; } = "";

    public AuditOutcome Outcome { get; set; }

    /// <summary>The user name of who did it (null for the system or an unknown caller).</summary>
    public string? UserName { get; set; }

    /// <summary>The user's roles at the time, comma-separated.</summary>
    public string? UserRoles { get; set; }

    /// <summary>The network address the request came from.</summary>
    public string? ClientAddress { get; set; }

    /// <summary>The study source involved (e.g. "archive", a <c>Pacs:Sources</c> name).</summary>
    public string? SourceName { get; set; }

    public string? StudyInstanceUid { get; set; }

    public string? PatientId { get; set; }

    public string? PatientName { get; set; }

    /// <summary>Another object involved: a report id, a user name changed, a PACS connection name, an export format.</summary>
    public string? ObjectType { get; set; }

    public string? ObjectId { get; set; }

    /// <summary>A short description (a query's keys, a failure's reason, a break-glass reason); never report text.</summary>
    public string? Detail { get; set; }

    /// <summary>Access under break-glass (emergency access outside the user's normal access).</summary>
    public bool Emergency { get; set; }
}
