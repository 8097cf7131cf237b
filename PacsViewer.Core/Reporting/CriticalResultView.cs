namespace PacsViewer.Core.Reporting;

/// <summary>The latest record of a critical result's communication.</summary>
public sealed record CriticalResultView(string CommunicatedTo, DateTimeOffset CommunicatedAt, string? Note, string RecordedBy);
