using System.Globalization;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Worklist;

namespace PacsViewer.Web.Worklist;

/// <summary>How the worklist shows a row's reading state: status and priority names, the lock as "X since HH:mm".</summary>
public static class WorklistDisplay
{
    public static string Status(ReadingStatus status) => status switch
    {
        ReadingStatus.InProgress => "In progress",
        _ => status.ToString(),
    };

    public static string Priority(ReadingPriority priority) => priority.ToString();

    /// <summary>
    /// The lock column: who holds a live lock and since when (the last activity, i.e. expiry minus the idle time),
    /// until when it lasts; empty when the study is free (a lapsed lock counts as free, <see cref="WorklistItem.LockedBy"/>).
    /// </summary>
    public static string Lock(WorklistItem item, TimeSpan idleTimeout, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(zone);
        if (item.LockedBy is null || item.LockExpiresAt is not { } expires)
        {
            return "";
        }
        var since = TimeZoneInfo.ConvertTime(expires - idleTimeout, zone);
        var until = TimeZoneInfo.ConvertTime(expires, zone);
        return string.Create(CultureInfo.InvariantCulture, $"Locked by {item.LockedBy} since {since:HH:mm} (lapses {until:HH:mm})");
    }

    /// <summary>A Person Name (PS3.5 6.2 PN) as "FAMILY, Given", shown as text.</summary>
    public static string Name(string? patientName) =>
        string.IsNullOrEmpty(patientName) ? "" : DicomPersonName.Parse(patientName).ToDisplayString();

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
