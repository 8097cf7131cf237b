using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;
using PacsViewer.Tests.Core.Archive;

namespace PacsViewer.Tests.Web;

/// <summary>
/// A decorator of a real study source (the app's built-in archive in the tests) under another id, counting the
/// searches asked of it; every call goes to the real source. Counts are taken when a search is asked for, before its
/// first result.
/// </summary>
public sealed class CountingStudySource(IStudySource inner, string id) : ForwardingStudySource(inner)
{
    private int _studySearches;
    private int _instanceSearches;

    public override string Id => id;

    public int StudySearches => Volatile.Read(ref _studySearches);

    public int InstanceSearches => Volatile.Read(ref _instanceSearches);

    public override IAsyncEnumerable<DicomDataset> SearchStudiesAsync(StudyQuery query, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _studySearches);
        return base.SearchStudiesAsync(query, cancellationToken);
    }

    public override IAsyncEnumerable<DicomDataset> SearchInstancesAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _instanceSearches);
        return base.SearchInstancesAsync(studyInstanceUid, seriesInstanceUid, cancellationToken);
    }
}
