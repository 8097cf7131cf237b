using PacsViewer.Core.Viewing;

namespace PacsViewer.Web.Viewer;

/// <summary>One study found by a search, with the source it came from.</summary>
public sealed record StudyListRow(string SourceId, StudySummary Study);
