namespace PacsViewer.Core.Worklist;

/// <summary>A study as the worklist names it: the source and the Study Instance UID.</summary>
public sealed record StudyKey(string SourceName, string StudyInstanceUid);
