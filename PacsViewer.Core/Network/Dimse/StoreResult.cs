namespace PacsViewer.Core.Network.Dimse;

/// <summary>The outcome of one C-STORE: the status the peer answered, or why it was not sent.</summary>
public sealed record StoreResult(string Source, string? SopInstanceUid, DimseStatus? Status, string? Error)
{
    public bool IsSuccess => Status is { } s && s.Category is DimseStatusCategory.Success or DimseStatusCategory.Warning;
}
