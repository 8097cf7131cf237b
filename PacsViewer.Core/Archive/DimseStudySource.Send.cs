using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;

namespace PacsViewer.Core.Archive;

/// <summary>Sending to and from this PACS on a user's request (issue 8): several C-STOREs on one association, and a C-MOVE to another AE.</summary>
public sealed partial class DimseStudySource
{
    /// <summary>
    /// C-STORE of several objects over one association (PS3.4 B.2), one result per object in order: a refusal of one
    /// object (a failure status, no acceptable presentation context) is in its result, not an exception. A failure of the
    /// association (refused, dropped, timed out) is a <see cref="StudySourceException"/>.
    /// </summary>
    public async Task<IReadOnlyList<StoreResult>> StoreManyAsync(IReadOnlyList<DicomFile> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        try
        {
            return await _client.StoreManyAsync(Peer, files, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsSourceFailure(e))
        {
            throw Fail("C-STORE", e);
        }
    }

    /// <summary>
    /// Asks this PACS to send a study, a series, or listed instances of one series to <paramref name="destinationAeTitle"/>
    /// (C-MOVE in the Study Root model, PS3.4 C.4.2; at IMAGE level the SOP Instance UIDs as a list of UIDs, C.4.2.2.1),
    /// reporting each pending response's sub-operation counts (C.4.2.1.4). The final response is returned as it is,
    /// with its Failed SOP Instance UID List; a failure of the association is a <see cref="StudySourceException"/>.
    /// </summary>
    public async Task<RetrieveResult> MoveToAsync(string destinationAeTitle, string studyInstanceUid, string? seriesInstanceUid,
        IReadOnlyCollection<string>? sopInstanceUids, IProgress<SubOperationProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationAeTitle);
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        var keys = new DicomDatasetBuilder().Set(DicomTags.StudyInstanceUID, studyInstanceUid);
        var level = QueryRetrieveLevel.Study;
        if (seriesInstanceUid is not null)
        {
            keys.Set(DicomTags.SeriesInstanceUID, seriesInstanceUid);
            level = QueryRetrieveLevel.Series;
            if (sopInstanceUids is { Count: > 0 })
            {
                keys.Set(DicomTags.SOPInstanceUID, [.. sopInstanceUids]);
                level = QueryRetrieveLevel.Image;
            }
        }
        try
        {
            return await _client.MoveAsync(Peer, QueryRetrieveModel.StudyRoot, level, keys.ToDataset(), destinationAeTitle, progress, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (IsSourceFailure(e))
        {
            throw Fail("C-MOVE", e);
        }
    }
}
