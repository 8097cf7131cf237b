using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive;

/// <summary>
/// Where studies come from: an upstream PACS reached by DICOMweb or DIMSE, or the built-in archive. The viewer and the
/// worklist use this one abstraction and never the protocol underneath.
/// </summary>
/// <remarks>
/// Query results are datasets holding the attributes of the PS3.4 C.6 / PS3.18 10.6 query levels (patient and study
/// attributes for studies, series attributes for series, and so on), streamed as they arrive. Failures of the source
/// itself (unreachable, refused, timed out, malformed answer) are reported as <see cref="StudySourceException"/>.
/// </remarks>
public interface IStudySource
{
    /// <summary>The configured name of this source; also the <c>SourceId</c> of its decoded-frame cache keys.</summary>
    string Id { get; }

    /// <summary>Studies matching <paramref name="query"/>, each yielded as soon as the source returns it.</summary>
    IAsyncEnumerable<DicomDataset> SearchStudiesAsync(StudyQuery query, CancellationToken cancellationToken = default);

    /// <summary>The series of one study.</summary>
    IAsyncEnumerable<DicomDataset> SearchSeriesAsync(string studyInstanceUid, CancellationToken cancellationToken = default);

    /// <summary>The instances of one series.</summary>
    IAsyncEnumerable<DicomDataset> SearchInstancesAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The full headers (everything but bulk pixel data) of every instance in one series, each yielded as soon as it
    /// is available, so a viewer can lay out a stack before the last instance arrives.
    /// </summary>
    IAsyncEnumerable<DicomDataset> GetSeriesMetadataAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// One whole instance, ready for frame access. Sources that keep files (the built-in archive, the retrieval cache)
    /// return it with large values deferred and read by range, so no pixel data is held in memory.
    /// </summary>
    Task<DicomFile> GetInstanceAsync(InstanceKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every instance of one series, each yielded as soon as it has arrived, in whatever order the source sends them,
    /// so a cache can store and show the first before the last arrives. Sources that can send a series in one
    /// exchange (a WADO-RS series request answered as one multipart response, one DIMSE C-GET at SERIES level) should
    /// override this; the default lists the instances with <see cref="SearchInstancesAsync"/> and retrieves them with
    /// <see cref="GetInstanceAsync"/>, a few at a time.
    /// </summary>
    IAsyncEnumerable<DicomFile> RetrieveSeriesAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default) =>
        SeriesRetrieval.RetrieveAsync(this, studyInstanceUid, seriesInstanceUid, cancellationToken);

    /// <summary>Stores a new object (a report, an imported file) in this source; throws if the source refuses it.</summary>
    Task StoreAsync(DicomFile file, CancellationToken cancellationToken = default);
}
