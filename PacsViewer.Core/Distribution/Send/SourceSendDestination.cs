using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Distribution.Send;

/// <summary>
/// Any other source: <see cref="IStudySource.StoreAsync"/> one object at a time. It does not tell a refused object
/// from a failed exchange, so a <see cref="StudySourceException"/> is taken as a refusal of that object (never retried).
/// </summary>
internal sealed class SourceSendDestination(IStudySource destination) : SendDestination
{
    public override int BatchSize => 1;

    public override string Protocol => "store";

    public override async Task<IReadOnlyList<SendOutcome>> StoreAsync(IReadOnlyList<DicomFile> files, CancellationToken cancellationToken)
    {
        var outcomes = new List<SendOutcome>(files.Count);
        foreach (var file in files)
        {
            try
            {
                await destination.StoreAsync(file, cancellationToken).ConfigureAwait(false);
                outcomes.Add(SendOutcome.Success);
            }
            catch (StudySourceException e)
            {
                outcomes.Add(SendOutcome.Refused(e.Message));
            }
        }
        return outcomes;
    }
}
