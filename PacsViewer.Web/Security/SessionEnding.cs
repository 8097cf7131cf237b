using System.Globalization;
using PacsViewer.Core.Audit;

namespace PacsViewer.Web.Security;

/// <summary>How an ended session is described: its audit entry and what the login page tells the user.</summary>
public static class SessionEnding
{
    /// <summary>The key under which a request whose session the server just refused keeps the reason (for the login page).</summary>
    public const string HttpContextItem = "PacsViewer.SessionEnded";

    /// <summary>The audit entry for a session ended by the server (add the user with <c>By</c>); no personal data in it.</summary>
    public static AuditEntry AuditEntry(SessionEndReason reason, string? sessionId, TimeSpan limit) =>
        new(AuditActions.SessionEnded)
        {
            ObjectType = "Session",
            ObjectId = sessionId,
            Detail = reason switch
            {
                SessionEndReason.Idle => $"idle: no activity for {Describe(limit)}",
                SessionEndReason.Lifetime => $"lifetime: signed in more than {Describe(limit)} ago",
                SessionEndReason.Disabled => "disabled: the account was disabled or locked out",
                _ => "changed: the account's roles or security stamp changed, or it was deleted",
            },
        };

    /// <summary>What the login page says after the server ended a session.</summary>
    public static string Message(SessionEndReason reason, TimeSpan limit) => reason switch
    {
        SessionEndReason.Idle => $"You were signed out after {Describe(limit)} of inactivity.",
        SessionEndReason.Lifetime => $"Your session reached its maximum length of {Describe(limit)}. Please sign in again.",
        SessionEndReason.Disabled => "Your session ended: your account was disabled or locked.",
        _ => "Your session ended because your account was changed. Please sign in again.",
    };

    /// <summary>"10 minutes", "1 hour", "45 seconds": the largest whole unit.</summary>
    public static string Describe(TimeSpan span)
    {
        if (span >= TimeSpan.FromHours(1) && span.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return Plural((long)span.TotalHours, "hour");
        }
        if (span >= TimeSpan.FromMinutes(1) && span.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return Plural((long)span.TotalMinutes, "minute");
        }
        return Plural((long)Math.Ceiling(span.TotalSeconds), "second");
    }

    private static string Plural(long count, string unit) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? unit : unit + "s");
}
