using PacsViewer.Core.Audit;

namespace PacsViewer.Web.Components.Pages.Admin;

/// <summary>What the audit page's filter form holds; <see cref="ToQuery"/> turns it into an <see cref="AuditQuery"/>.</summary>
public sealed class AuditFilterForm
{
    /// <summary>The first day shown (UTC, from midnight).</summary>
    public DateTime? From { get; set; }

    /// <summary>The last day shown (UTC, to the end of the day).</summary>
    public DateTime? To { get; set; }

    public string? UserName { get; set; }

    public IReadOnlyCollection<string> Actions { get; set; } = [];

    public AuditOutcome? Outcome { get; set; }

    public string? PatientId { get; set; }

    public string? StudyInstanceUid { get; set; }

    public string? SourceName { get; set; }

    public bool EmergencyOnly { get; set; }

    /// <summary>The search for this form; the days are whole UTC days, the last one included.</summary>
    public AuditQuery ToQuery() => new()
    {
        From = From is { } from ? new DateTimeOffset(from.Date, TimeSpan.Zero) : null,
        To = To is { } to ? new DateTimeOffset(to.Date.AddDays(1), TimeSpan.Zero) : null,
        UserName = UserName,
        Actions = Actions.ToArray(),
        Outcome = Outcome,
        PatientId = PatientId,
        StudyInstanceUid = StudyInstanceUid,
        SourceName = SourceName,
        EmergencyOnly = EmergencyOnly,
    };
}
