namespace PacsViewer.Core.Reporting.Export;

/// <summary>A critical finding was communicated directly to a clinician.</summary>
/// <param name="CommunicatedTo">Whom the finding was communicated to (name and role as entered).</param>
/// <param name="CommunicatedAt">When it was communicated.</param>
/// <param name="Note">An optional note (how, read-back, ...).</param>
public sealed record CriticalResultNotice(string CommunicatedTo, DateTimeOffset CommunicatedAt, string? Note);
