namespace PacsViewer.Core.Network.Dimse;

/// <summary>Status classes (PS3.7 C.1 to C.5 and Annex C).</summary>
public enum DimseStatusCategory
{
    Success,
    Pending,
    Cancel,
    Warning,
    Failure,
}
