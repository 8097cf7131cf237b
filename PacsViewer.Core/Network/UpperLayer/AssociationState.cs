namespace PacsViewer.Core.Network.UpperLayer;

/// <summary>The DICOM upper layer states (PS3.8 9.2.1, Table 9-1). Sta9-Sta12 are release collisions.</summary>
public enum AssociationState
{
    /// <summary>Idle.</summary>
    Sta1 = 1,
    /// <summary>Transport connection open, awaiting A-ASSOCIATE-RQ PDU (acceptor).</summary>
    Sta2,
    /// <summary>Awaiting the local A-ASSOCIATE response primitive (acceptor).</summary>
    Sta3,
    /// <summary>Awaiting the transport connection to open (requester).</summary>
    Sta4,
    /// <summary>Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU (requester).</summary>
    Sta5,
    /// <summary>Association established and ready for data transfer.</summary>
    Sta6,
    /// <summary>Awaiting A-RELEASE-RP PDU (requester of the release).</summary>
    Sta7,
    /// <summary>Awaiting the local A-RELEASE response primitive (acceptor of the release).</summary>
    Sta8,
    Sta9,
    Sta10,
    Sta11,
    Sta12,
    /// <summary>Awaiting the transport connection close indication (ARTIM running).</summary>
    Sta13,
}
