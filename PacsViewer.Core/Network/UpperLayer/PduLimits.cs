namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>
/// Bounds checked on the 6-byte PDU header before anything is allocated (PS3.8 9.3.1): a P-DATA-TF may not be
/// longer than the maximum length we announced (PS3.8 D.1); the other PDUs have a fixed cap of their own.
/// </summary>
public sealed record PduLimits
{
    public static readonly PduLimits Default = new();

    /// <summary>The largest P-DATA-TF PDU length field accepted (the maximum length we announce, 51H).</summary>
    public uint MaxDataPduLength { get; init; } = 256 * 1024;

    /// <summary>The largest A-ASSOCIATE-RQ/AC PDU accepted; a request with many presentation contexts fits.</summary>
    public uint MaxAssociatePduLength { get; init; } = 256 * 1024;

    public uint MaxFor(PduType type) => type switch
    {
        PduType.DataTransfer => MaxDataPduLength,
        PduType.AssociateRequest or PduType.AssociateAccept => MaxAssociatePduLength,
        _ => 4, // A-ASSOCIATE-RJ, A-RELEASE-RQ/RP and A-ABORT have a 4-byte body (PS3.8 9.3.4, 9.3.6-9.3.8)
    };
}
