namespace PacsViewer.Web.Viewer;

/// <summary>
/// A tool of the viewer's toolbar: what a left drag does in a viewport. <see cref="Id"/> is the name the viewport's
/// JavaScript module knows it by (wwwroot/js/viewport-input.js), <see cref="Key"/> its keyboard shortcut.
/// </summary>
public sealed record ViewerTool(string Id, string Label, string Key, string Icon, string Help);
