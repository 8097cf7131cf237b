using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>The peer answered a request with a failure status (PS3.7 Annex C).</summary>
public sealed class DimseFailureException(string operation, DimseStatus status, string? errorComment)
    : DicomNetworkException($"{operation} failed with status {status}{(string.IsNullOrEmpty(errorComment) ? "" : ": " + errorComment)}")
{
    public DimseStatus Status { get; } = status;

    public string? ErrorComment { get; } = errorComment;
}
