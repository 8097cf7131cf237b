namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>The peer answered A-ASSOCIATE-RJ (PS3.8 9.3.4).</summary>
public sealed class AssociationRejectedException(AssociationRejection rejection)
    : DicomNetworkException($"association rejected ({rejection.Describe()})")
{
    public AssociationRejection Rejection { get; } = rejection;
}
