using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Network.Dimse;

public sealed partial class DicomClient
{
    /// <summary>
    /// Sends objects already opened (their large values left in their files) over one association, with one result per
    /// object in order: a C-STORE status (PS3.4 B.2.3), or why the object was not sent (no presentation context).
    /// A failure of the association itself (refused, dropped, timed out) throws, as for files.
    /// </summary>
    public Task<IReadOnlyList<StoreResult>> StoreManyAsync(DicomPeer peer, IReadOnlyList<DicomFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(files);
        var items = files.Select(file => new StoreItem(file.SopInstanceUid ?? "(in memory)", file.SopClassUid, file.SopInstanceUid, file.TransferSyntax, null,
            _ => file)).ToArray();
        return StoreAsync(peer, items, cancellationToken);
    }
}
