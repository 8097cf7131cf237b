using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Web;

/// <summary>
/// A decorator of a real study source (the app's built-in archive in the tests) under another id, counting the
/// searches asked of it; every call goes to the real source. Counts are taken when a search is asked for, before its
/// first result.
/// </summary>
public sealed class CountingStudySource(IStudySource inner, string id) : IStudySource
{
    private int _studySearches;
    private int _instanceSearches;

    public string Id => id;

    public int StudySearches => Volatile.Read(ref _studySearches);

    public int InstanceSearches => Volatile.Read(ref _instanceSearches);

    public IAsyncEnumerable<DicomDataset> SearchStudiesAsync(StudyQuery query, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _studySearches);
        return inner.SearchStudiesAsync(query, cancellationToken);
    }

    public IAsyncEnumerable<DicomDataset> SearchSeriesAsync(string studyInstanceUid, CancellationToken cancellationToken = default) =>
        inner.SearchSeriesAsync(studyInstanceUid, cancellationToken);

    public IAsyncEnumerable<DicomDataset> SearchInstancesAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _instanceSearches);
        return inner.SearchInstancesAsync(studyInstanceUid, seriesInstanceUid, cancellationToken);
    }

    public IAsyncEnumerable<DicomDataset> GetSeriesMetadataAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default) =>
        inner.GetSeriesMetadataAsync(studyInstanceUid, seriesInstanceUid, cancellationToken);

    public Task<DicomFile> GetInstanceAsync(InstanceKey key, CancellationToken cancellationToken = default) =>
        inner.GetInstanceAsync(key, cancellationToken);

    public Task StoreAsync(DicomFile file, CancellationToken cancellationToken = default) => inner.StoreAsync(file, cancellationToken);
}
