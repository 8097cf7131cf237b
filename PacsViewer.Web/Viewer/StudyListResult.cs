namespace PacsViewer.Web.Viewer;

/// <summary>The studies a search found in every source that answered, and one message per source that failed.</summary>
public sealed record StudyListResult(IReadOnlyList<StudyListRow> Rows, IReadOnlyList<string> Errors);
