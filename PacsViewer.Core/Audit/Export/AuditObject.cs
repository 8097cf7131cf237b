namespace PacsViewer.Core.Audit.Export;

/// <summary>
/// A participant object of an audit message (PS3.15 A.5.1 ParticipantObjectIdentification): its type code (1 person,
/// 2 system object), role (1 patient, 3 report, 11 security user entity, 13 security resource, 24 query), the kind of
/// identifier, the identifier, and optionally a name, a query and a description.
/// </summary>
public sealed record AuditObject(int TypeCode, int TypeCodeRole, AuditCode IdType, string Id)
{
    public string? Name { get; init; }

    /// <summary>The query's keys as text (ParticipantObjectQuery, sent base64-encoded).</summary>
    public string? Query { get; init; }

    public string? Description { get; init; }
}
