namespace PacsViewer.Core.Audit;

/// <summary>
/// A search of the audit trail (<see cref="AuditQueryService"/>): every filter given must match; a null or empty
/// filter matches everything. <see cref="From"/> is inclusive, <see cref="To"/> exclusive. Results are newest first,
/// <see cref="Limit"/> rows from <see cref="Offset"/>.
/// </summary>
public sealed record AuditQuery
{
    /// <summary>The largest page <see cref="AuditQueryService.SearchAsync"/> answers.</summary>
    public const int MaxLimit = 500;

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>The acting user's name, exactly.</summary>
    public string? UserName { get; init; }

    /// <summary>Any of these actions (<see cref="AuditActions"/>); empty for all.</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    public AuditOutcome? Outcome { get; init; }

    public string? PatientId { get; init; }

    public string? StudyInstanceUid { get; init; }

    public string? SourceName { get; init; }

    /// <summary>Only emergency (break-glass) access.</summary>
    public bool EmergencyOnly { get; init; }

    public int Offset { get; init; }

    public int Limit { get; init; } = 50;

    /// <summary>A short description of the filters for the audit record of a search or export (no patient name).</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (From is { } from)
        {
            parts.Add($"from={from.UtcDateTime:O}");
        }
        if (To is { } to)
        {
            parts.Add($"to={to.UtcDateTime:O}");
        }
        Add(parts, "user", UserName);
        Add(parts, "action", Actions.Count == 0 ? null : string.Join('|', Actions));
        Add(parts, "outcome", Outcome?.ToString());
        Add(parts, "patientId", PatientId);
        Add(parts, "study", StudyInstanceUid);
        Add(parts, "source", SourceName);
        if (EmergencyOnly)
        {
            parts.Add("emergency=true");
        }
        return parts.Count == 0 ? "all events" : string.Join("; ", parts);
    }

    private static void Add(List<string> parts, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            parts.Add($"{key}={value}");
        }
    }
}
