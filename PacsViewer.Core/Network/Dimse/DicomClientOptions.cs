using PacsViewer.Core.Network.UpperLayer;
using PacsViewer.Core.Telemetry;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>How the service user identifies itself and times its associations.</summary>
public sealed record DicomClientOptions
{
    public string CallingAeTitle { get; init; } = "PACSVIEWER";

    public AssociationOptions Association { get; init; } = AssociationOptions.Default;

    public DimseChannelLimits Limits { get; init; } = DimseChannelLimits.Default;

    /// <summary>User identity negotiation (PS3.7 D.3.3.7), e.g. <see cref="UserIdentity.FromUsernamePassword"/>.</summary>
    public UserIdentity? UserIdentity { get; init; }

    /// <summary>Storage SOP classes offered for C-GET sub-operations (SCP role selection).</summary>
    public IReadOnlyList<string> RetrieveSopClasses { get; init; } = StorageSopClasses.Common;

    /// <summary>
    /// Whether C-GET makes every received file durable (fsync) before <see cref="DicomClient.GetAsync(DicomPeer, QueryRetrieveModel, QueryRetrieveLevel, Dicom.DicomDataset, string, IProgress{SubOperationProgress}, CancellationToken)"/>
    /// returns (default). Off for callers that consume and delete each file at once, such as the DIMSE study source
    /// filling the retrieval cache (which writes its own copy durably): there an fsync per instance is only cost.
    /// </summary>
    public bool FlushRetrievedFiles { get; init; } = true;

    /// <summary>
    /// Whether a C-GET receives its sub-operations on a thread of its own with blocking socket reads (default), as
    /// dcmtk's getscu does, rather than with asynchronous reads on the thread pool (kept for A/B measurements).
    /// </summary>
    public bool ReceiveOnOwnThread { get; init; } = true;

    /// <summary>When set, every operation is timed as a PACS round trip (metric and client span); none by default.</summary>
    public PacsViewerTelemetry? Telemetry { get; init; }
}
