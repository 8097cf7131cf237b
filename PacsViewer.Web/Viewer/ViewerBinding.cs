namespace PacsViewer.Web.Viewer;

/// <summary>One line of the viewer's help panel: an input and what it does.</summary>
public sealed record ViewerBinding(string Input, string Action);
