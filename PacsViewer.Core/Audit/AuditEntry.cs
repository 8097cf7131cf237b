namespace PacsViewer.Core.Audit;

/// <summary>What a caller asks <see cref="IAuditLog"/> to record; the log adds the time and the id.</summary>
public sealed record AuditEntry(string Action, AuditOutcome Outcome = AuditOutcome.Success)
{
    public string? UserName { get; init; }

    public string? UserRoles { get; init; }

    public string? ClientAddress { get; init; }

    public string? SourceName { get; init; }

    public string? StudyInstanceUid { get; init; }

    public string? PatientId { get; init; }

    public string? PatientName { get; init; }

    public string? ObjectType { get; init; }

    public string? ObjectId { get; init; }

    public string? Detail { get; init; }

    public bool Emergency { get; init; }
}
