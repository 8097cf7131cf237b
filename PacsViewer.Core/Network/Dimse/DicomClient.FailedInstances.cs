using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Network.Dimse;

public sealed partial class DicomClient
{
    /// <summary>
    /// Reads the identifier of a C-MOVE/C-GET response (bounded in memory) and returns its Failed SOP Instance UID List
    /// (0008,0058; PS3.4 C.4.2.1.4.2), or null when <paramref name="keep"/> is off or the identifier cannot be parsed:
    /// the list only names what failed, the counts say it already, so a malformed list never fails the retrieval.
    /// </summary>
    private async Task<IReadOnlyList<string>?> ReceiveFailedInstancesAsync(DimseChannel channel, DimseMessage message, bool keep)
    {
        if (!keep)
        {
            await channel.ReceiveDatasetToAsync(message, Stream.Null, Options.Limits.MaxDatasetBytesInMemory, Options.Association.DimseTimeout, CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        using var buffer = new MemoryStream();
        await channel.ReceiveDatasetToAsync(message, buffer, Options.Limits.MaxDatasetBytesInMemory, Options.Association.DimseTimeout, CancellationToken.None).ConfigureAwait(false);
        buffer.Position = 0;
        try
        {
            var identifier = DicomFile.ReadDataset(buffer, channel.TransferSyntaxOf(message.PresentationContextId), sourceName: $"{message} identifier");
            return identifier.GetStrings(DicomTags.FailedSOPInstanceUIDList)
                .Select(uid => uid.Trim('\0', ' '))
                .Where(uid => uid.Length > 0)
                .ToArray();
        }
        catch (DicomFormatException)
        {
            return null;
        }
    }
}
