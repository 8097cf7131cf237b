using System.Net.Security;

namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>Timers and limits of one association (PS3.8 9.1.5 for ARTIM), for either role.</summary>
public sealed record AssociationOptions
{
    public static readonly AssociationOptions Default = new();

    /// <summary>
    /// ARTIM (PS3.8 9.1.5): how long the acceptor waits for the A-ASSOCIATE-RQ after the connection opens, the
    /// requester for the A-ASSOCIATE-AC/RJ and for the A-RELEASE-RP, and either side for the peer to close.
    /// Also bounds the TCP connect and the TLS handshake.
    /// </summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a service user waits for each DIMSE response (and each PDU of it).</summary>
    public TimeSpan DimseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an established association may stay silent before it is aborted (acceptor side).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The maximum P-DATA-TF length we announce (51H) and accept; PS3.8 D.1. 128 KB, dcmtk's largest: with C-GET's
    /// blocking receive thread, 128 KB PDUs from Orthanc took 0.82 of the time of 64 KB ones in the same rounds (fewer
    /// PDUs for the sender to build and for us to read).
    /// </summary>
    public uint MaxPduLength { get; init; } = 128 * 1024;

    /// <summary>Cap on our P-DATA PDUs when the peer announces 0 (no limit).</summary>
    public uint MaxSendPduLength { get; init; } = 256 * 1024;

    /// <summary>
    /// Read each P-DATA-TF body together with the next PDU's header when it has arrived (one socket read per PDU
    /// instead of two); false reads header and body separately (kept for A/B measurements).
    /// </summary>
    public bool ReadAheadPduHeader { get; init; } = true;

    /// <summary>Cap on an A-ASSOCIATE-RQ/AC PDU.</summary>
    public uint MaxAssociatePduLength { get; init; } = 256 * 1024;

    /// <summary>TLS for the requester (DICOM over TLS, PS3.15 B.1); null for plain TCP.</summary>
    public SslClientAuthenticationOptions? Tls { get; init; }

    internal PduLimits Limits => new() { MaxDataPduLength = MaxPduLength, MaxAssociatePduLength = MaxAssociatePduLength };
}
