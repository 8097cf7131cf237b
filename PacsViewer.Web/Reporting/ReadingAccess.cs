using System.Globalization;

namespace PacsViewer.Web.Reporting;

/// <summary>
/// What the viewer's user may do with the open study's report: edit it (they hold the reading lock), or read it,
/// because another radiologist holds the lock (<see cref="LockedBy"/>, <see cref="LockedSince"/>), because of their role,
/// or because the study cannot be read now (<see cref="Problem"/>).
/// </summary>
public sealed record ReadingAccess(bool CanEdit, string? LockedBy, DateTimeOffset? LockedSince, string? Problem)
{
    public static ReadingAccess Editor { get; } = new(true, null, null, null);

    public static ReadingAccess ReadOnly { get; } = new(false, null, null, null);

    public static ReadingAccess Locked(string? holder, DateTimeOffset? since) => new(false, holder ?? "another user", since, null);

    public static ReadingAccess Unavailable(string problem) => new(false, null, null, problem);

    /// <summary>"Locked by radiologist since 10:42 — read-only" (server local time), or null when not locked by another.</summary>
    public string? LockMessage => LockedBy is null
        ? null
        : LockedSince is { } since
            ? $"Locked by {LockedBy} since {since.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture)} — read-only"
            : $"Locked by {LockedBy} — read-only";
}
