namespace PacsViewer.Web.Viewer;

/// <summary>How many viewports the viewer shows, as rows x columns.</summary>
public enum ViewerLayout
{
    /// <summary>One viewport (1x1).</summary>
    Single,

    /// <summary>Two viewports side by side (1 row, 2 columns).</summary>
    OneByTwo,

    /// <summary>Two viewports one above the other (2 rows, 1 column).</summary>
    TwoByOne,

    /// <summary>Four viewports (2x2).</summary>
    TwoByTwo,
}
