namespace PacsViewer.Core.Reporting;

/// <summary>
/// A save named a version of the report that is no longer current (another session saved in between). Carries what
/// the server holds now, so the editor can show both texts; nothing was overwritten.
/// </summary>
public sealed class ReportConflictException(Guid reportId, int expectedVersion, int currentVersion, ReportStatus currentStatus,
    ReportContent currentContent, string lastSavedBy)
    : ReportingException($"Report {reportId} was changed by {lastSavedBy} (version {currentVersion}); this edit was based on version {expectedVersion} and was not saved")
{
    public Guid ReportId { get; } = reportId;

    public int ExpectedVersion { get; } = expectedVersion;

    public int CurrentVersion { get; } = currentVersion;

    public ReportStatus CurrentStatus { get; } = currentStatus;

    public ReportContent CurrentContent { get; } = currentContent;
}
