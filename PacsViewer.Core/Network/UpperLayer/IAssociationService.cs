namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>What a <see cref="DicomServer"/> runs for each connection: the negotiation, then the service.</summary>
public interface IAssociationService
{
    /// <summary>Accept (choosing the presentation contexts) or reject an A-ASSOCIATE-RQ (PS3.8 7.1.1).</summary>
    AssociationNegotiation Negotiate(AssociationRequest request);

    /// <summary>Serves an established association until it is released or aborted.</summary>
    Task RunAsync(DicomAssociation association, CancellationToken cancellationToken);
}
