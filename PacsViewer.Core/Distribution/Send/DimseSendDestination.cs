using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Distribution.Send;

/// <summary>C-STORE (PS3.4 B.2) to a DIMSE destination, one association per batch.</summary>
internal sealed class DimseSendDestination(DimseStudySource destination) : SendDestination
{
    public DimseStudySource Source => destination;

    public override string Protocol => "C-STORE";

    public override async Task<IReadOnlyList<SendOutcome>> StoreAsync(IReadOnlyList<DicomFile> files, CancellationToken cancellationToken)
    {
        var results = await destination.StoreManyAsync(files, cancellationToken).ConfigureAwait(false);
        return results.Select(r => r.IsSuccess
            ? SendOutcome.Success
            : SendOutcome.Refused(r.Status is { } status
                ? "the destination refused it: " + StoreStatusText.Describe(status.Code)
                : "not sent: " + r.Error)).ToArray();
    }
}
