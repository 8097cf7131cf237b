namespace PacsViewer.Web.Viewer;

/// <summary>The grid of each <see cref="ViewerLayout"/>.</summary>
public static class ViewerLayouts
{
    /// <summary>The layouts in the order the toolbar offers them.</summary>
    public static IReadOnlyList<ViewerLayout> All { get; } = [ViewerLayout.Single, ViewerLayout.OneByTwo, ViewerLayout.TwoByOne, ViewerLayout.TwoByTwo];

    public static int Rows(this ViewerLayout layout) => layout is ViewerLayout.TwoByOne or ViewerLayout.TwoByTwo ? 2 : 1;

    public static int Columns(this ViewerLayout layout) => layout is ViewerLayout.OneByTwo or ViewerLayout.TwoByTwo ? 2 : 1;

    public static int ViewportCount(this ViewerLayout layout) => layout.Rows() * layout.Columns();

    /// <summary>The label of the toolbar, rows x columns ("1x2").</summary>
    public static string Label(this ViewerLayout layout) => $"{layout.Rows()}x{layout.Columns()}";
}
