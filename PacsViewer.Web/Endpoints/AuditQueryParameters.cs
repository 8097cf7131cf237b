using System.Globalization;
using Microsoft.Extensions.Primitives;
using PacsViewer.Core.Audit;

namespace PacsViewer.Web.Endpoints;

/// <summary>
/// The audit trail's filters as query-string parameters (the export endpoint reads them, the admin page writes them):
/// <c>from</c> and <c>to</c> (ISO 8601, UTC unless an offset is given; a date alone is midnight UTC), <c>user</c>,
/// <c>action</c> (repeated or comma-separated), <c>outcome</c> (Success, MinorFailure, SeriousFailure or 0/4/8),
/// <c>patientId</c>, <c>study</c>, <c>source</c>, <c>emergency</c> (true or 1).
/// </summary>
public static class AuditQueryParameters
{
    /// <exception cref="ApiParameterException">A parameter that cannot be read (a malformed time, an unknown action or outcome).</exception>
    public static AuditQuery Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var actions = query["action"].SelectMany(a => (a ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        foreach (var action in actions)
        {
            if (!AuditActions.All.Contains(action, StringComparer.Ordinal))
            {
                throw new ApiParameterException("action", $"'{action}' is not an audited action; give one of {string.Join(", ", AuditActions.All)}");
            }
        }
        return new AuditQuery
        {
            From = Time(query, "from"),
            To = Time(query, "to"),
            UserName = Text(query["user"]),
            Actions = actions,
            Outcome = Outcome(Text(query["outcome"])),
            PatientId = Text(query["patientId"]),
            StudyInstanceUid = Text(query["study"]),
            SourceName = Text(query["source"]),
            EmergencyOnly = Text(query["emergency"]) is "true" or "1",
        };
    }

    /// <summary>The query string (with a leading '?', or empty) for <paramref name="query"/>'s filters; paging is left out.</summary>
    public static string ToQueryString(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parts = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add(new(key, value.Trim()));
            }
        }
        Add("from", query.From?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Add("to", query.To?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Add("user", query.UserName);
        foreach (var action in query.Actions)
        {
            Add("action", action);
        }
        Add("outcome", query.Outcome?.ToString());
        Add("patientId", query.PatientId);
        Add("study", query.StudyInstanceUid);
        Add("source", query.SourceName);
        if (query.EmergencyOnly)
        {
            Add("emergency", "true");
        }
        return Microsoft.AspNetCore.Http.QueryString.Create(parts).ToUriComponent();
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name)
    {
        var text = Text(query[name]);
        if (text is null)
        {
            return null;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new ApiParameterException(name, $"'{text}' is not a time; give ISO 8601, e.g. 2026-11-29 or 2026-11-29T08:00:00Z");
    }

    private static AuditOutcome? Outcome(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && Enum.IsDefined(typeof(AuditOutcome), number))
        {
            return (AuditOutcome)number;
        }
        return Enum.TryParse<AuditOutcome>(text, ignoreCase: true, out var outcome) && Enum.IsDefined(outcome)
            ? outcome
            : throw new ApiParameterException("outcome", $"'{text}' is not an outcome; give Success, MinorFailure or SeriousFailure (0, 4 or 8)");
    }

    private static string? Text(StringValues values) => string.IsNullOrWhiteSpace(values.ToString()) ? null : values.ToString().Trim();
}
