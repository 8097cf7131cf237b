namespace PacsViewer.Core.Worklist;

/// <summary>A page of worklist rows and the number of rows matching the filter.</summary>
public sealed record WorklistPage(IReadOnlyList<WorklistItem> Items, int TotalCount);
