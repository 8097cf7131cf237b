namespace PacsViewer.Core.Worklist;

/// <summary>One page of the worklist: filter, sort and window.</summary>
public sealed record WorklistPageRequest
{
    public WorklistFilter Filter { get; init; } = new();

    public WorklistSortField SortBy { get; init; } = WorklistSortField.Priority;

    public bool Descending { get; init; }

    public int Offset { get; init; }

    public int Limit { get; init; } = 50;
}
