namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>The content of an A-ASSOCIATE-RQ (PS3.8 7.1.1, 9.3.2).</summary>
public sealed record AssociationRequest
{
    /// <summary>PS3.7 A.2.1: the DICOM application context name.</summary>
    public const string DicomApplicationContext = "1.2.840.10008.3.1.1.1";

    public required string CalledAeTitle { get; init; }

    public required string CallingAeTitle { get; init; }

    public string ApplicationContextName { get; init; } = DicomApplicationContext;

    public required IReadOnlyList<PresentationContext> PresentationContexts { get; init; }

    public UserInformation UserInformation { get; init; } = new();

    public ushort ProtocolVersion { get; init; } = 1;
}
