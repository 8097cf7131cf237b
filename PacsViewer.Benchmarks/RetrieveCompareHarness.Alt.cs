using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Benchmarks;

/// <summary>
/// The --alt-* switches: the C-GET into the retrieval cache runs once more per round ("getcachealt") with one change
/// of the receive path, so that the change is measured A/B within the same rounds (on a shared machine the figures of
/// two runs differ by tens of percent; those of one round much less).
/// </summary>
internal static partial class RetrieveCompareHarness
{
    /// <summary>The client of the "getcachealt" measurement, or null when no --alt-* switch is given.</summary>
    private static DicomClient? AltClient(string[] args, AssociationOptions association)
    {
        // --alt-pdu N: another maximum PDU length (ours; the dcmtk tools keep theirs).
        var pdu = Option(args, "--alt-pdu");
        // --alt-no-readahead: each PDU's header and body read separately (AssociationOptions.ReadAheadPduHeader off).
        var noReadAhead = args.Contains("--alt-no-readahead");
        // --alt-async-receive: the C-GET's sub-operations received with asynchronous reads on the thread pool
        // (DicomClientOptions.ReceiveOnOwnThread off).
        var asyncReceive = args.Contains("--alt-async-receive");
        if (pdu is null && !noReadAhead && !asyncReceive)
        {
            return null;
        }
        return new DicomClient(new DicomClientOptions
        {
            CallingAeTitle = OurAeTitle,
            FlushRetrievedFiles = false,
            ReceiveOnOwnThread = !asyncReceive,
            Association = association with
            {
                MaxPduLength = pdu is { } p ? (uint)p : association.MaxPduLength,
                ReadAheadPduHeader = !noReadAhead && association.ReadAheadPduHeader,
            },
        });
    }
}
