namespace PacsViewer.Core.Distribution;

/// <summary>One page of a job's items (failed first, then in the order they were planned) and how many there are.</summary>
public sealed record TransferJobItemPage(IReadOnlyList<TransferJobItem> Items, int Total);
