namespace PacsViewer.Core.Worklist;

/// <summary>A change to one worklist study, published to the pages showing the worklist (UIDs only, no patient data).</summary>
public sealed record WorklistChange(WorklistChangeKind Kind, string SourceName, string StudyInstanceUid);
