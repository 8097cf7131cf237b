namespace PacsViewer.Core.Network.Dimse;

/// <summary>The final response of a C-MOVE or C-GET, and for C-GET the files received.</summary>
public sealed record RetrieveResult(DimseStatus Status, SubOperationProgress? Progress, string? ErrorComment, IReadOnlyList<string> Files)
{
    /// <summary>The final response's Failed SOP Instance UID List (0008,0058), PS3.4 C.4.2.1.4.2: empty when the peer named none.</summary>
    public IReadOnlyList<string> FailedSopInstanceUids { get; init; } = [];
}
