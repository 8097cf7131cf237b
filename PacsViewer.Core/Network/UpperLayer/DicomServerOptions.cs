using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>Where a <see cref="DicomServer"/> listens and how much it takes on.</summary>
public sealed record DicomServerOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port; <see cref="DicomServer.Port"/> tells which.</summary>
    public int Port { get; init; } = 11112;

    /// <summary>Associations served at once; further connections are rejected (transient, local limit exceeded).</summary>
    public int MaxConcurrentAssociations { get; init; } = 16;

    public AssociationOptions Association { get; init; } = AssociationOptions.Default;

    /// <summary>When set, every connection is DICOM over TLS (PS3.15 B.1) with this certificate (with private key).</summary>
    public X509Certificate2? TlsCertificate { get; init; }
}
