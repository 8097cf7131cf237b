namespace PacsViewer.Core.Network.Dimse;

/// <summary>The final response of a C-MOVE or C-GET, and for C-GET the files received.</summary>
public sealed record RetrieveResult(DimseStatus Status, SubOperationProgress? Progress, string? ErrorComment, IReadOnlyList<string> Files);
