using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.DicomWeb;

namespace PacsViewer.Core.Archive;

public sealed partial class DicomWebStudySource
{
    /// <summary>
    /// One STOW-RS request (PS3.18 10.5) carrying several objects, each streamed from a temporary file; the answer says
    /// per SOP Instance UID what was stored and what failed (Failed SOP Sequence with its Failure Reason, 10.5.3), so a
    /// refusal of one object is not an exception. A failure of the request itself (unreachable, timed out, an HTTP
    /// error without a STOW response) is a <see cref="StudySourceException"/>.
    /// </summary>
    public async Task<StowResult> StoreManyAsync(IReadOnlyList<DicomFile> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        try
        {
            return await Client().StoreAsync(files, null, cancellationToken).ConfigureAwait(false);
        }
        catch (DicomWebException e)
        {
            throw Fail(e);
        }
    }
}
