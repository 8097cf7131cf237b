using PacsViewer.Core.Worklist;

namespace PacsViewer.Web.Worklist;

/// <summary>The grid's sort labels (a column header's <c>SortLabel</c>) and the database sort each one asks for.</summary>
public static class WorklistSortLabels
{
    /// <summary>The sort field for a header's label; no label (or an unknown one) is the default reading order.</summary>
    public static WorklistSortField Parse(string? label) =>
        Enum.TryParse<WorklistSortField>(label, ignoreCase: false, out var field) && Enum.IsDefined(field) ? field : WorklistSortField.Priority;
}
