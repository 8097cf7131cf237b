namespace PacsViewer.Core.Distribution.Export;

/// <summary>One object planned for an export: where it is, and what to call it (never patient data).</summary>
/// <param name="ItemId">The job item it belongs to, or 0 outside a job.</param>
public sealed record ExportInstance(string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string Label, long ItemId = 0);
