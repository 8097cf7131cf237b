using PacsViewer.Core.Reporting;

namespace PacsViewer.Web.Reporting;

/// <summary>What the server holds after a refused save: its text, version and status, and who saved it.</summary>
public sealed record DraftConflict(ReportContent ServerContent, int ServerVersion, ReportStatus ServerStatus, string Message);
