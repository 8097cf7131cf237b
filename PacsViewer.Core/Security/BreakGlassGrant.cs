namespace PacsViewer.Core.Security;

/// <summary>
/// Emergency access (break-glass, issue 7): a user opened a study outside their normal access after giving a reason;
/// the access lasts until <see cref="ExpiresAt"/>. Rows are append-only (a grant is never extended: a new one is made),
/// and each is audited as an emergency access.
/// </summary>
public sealed class BreakGlassGrant
{
    public long Id { get; set; }

    public string UserName { get; set; } = "";

    public string SourceName { get; set; } = "";

    public string StudyInstanceUid { get; set; } = "";

    public string? PatientId { get; set; }

    /// <summary>The reason the user gave (required, shown to admins in the audit trail).</summary>
    public string Reason { get; set; } = "";

    public DateTimeOffset GrantedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
