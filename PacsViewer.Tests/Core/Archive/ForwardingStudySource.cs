using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Archive;

/// <summary>
/// A real study source seen through a decorator: every call goes to it, unless a test's subclass overrides the call to
/// count, hold or refuse it. Never a stand-in for the source itself.
/// </summary>
public class ForwardingStudySource(IStudySource inner) : IStudySource
{
    public virtual string Id => inner.Id;

    public virtual IAsyncEnumerable<DicomDataset> SearchStudiesAsync(StudyQuery query, CancellationToken cancellationToken = default) =>
        inner.SearchStudiesAsync(query, cancellationToken);

    public virtual IAsyncEnumerable<DicomDataset> SearchSeriesAsync(string studyInstanceUid, CancellationToken cancellationToken = default) =>
        inner.SearchSeriesAsync(studyInstanceUid, cancellationToken);

    public virtual IAsyncEnumerable<DicomDataset> SearchInstancesAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default) =>
        inner.SearchInstancesAsync(studyInstanceUid, seriesInstanceUid, cancellationToken);

    public virtual IAsyncEnumerable<DicomDataset> GetSeriesMetadataAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default) =>
        inner.GetSeriesMetadataAsync(studyInstanceUid, seriesInstanceUid, cancellationToken);

    public virtual Task<DicomFile> GetInstanceAsync(InstanceKey key, CancellationToken cancellationToken = default) =>
        inner.GetInstanceAsync(key, cancellationToken);

    public virtual Task StoreAsync(DicomFile file, CancellationToken cancellationToken = default) => inner.StoreAsync(file, cancellationToken);
}

/// <summary>As <see cref="ForwardingStudySource"/>, for a source that stages instances straight into files (DICOMweb, DIMSE C-GET).</summary>
public class ForwardingStagingStudySource(IStagingStudySource inner) : ForwardingStudySource(inner), IStagingStudySource
{
    public virtual bool MetadataNeedsInstances => inner.MetadataNeedsInstances;

    public virtual Task<StagedInstance> StageInstanceAsync(InstanceKey key, InstanceStaging staging, CancellationToken cancellationToken = default) =>
        inner.StageInstanceAsync(key, staging, cancellationToken);

    public virtual IAsyncEnumerable<StagedInstance> StageSeriesAsync(string studyInstanceUid, string seriesInstanceUid, InstanceStaging staging,
        CancellationToken cancellationToken = default) =>
        inner.StageSeriesAsync(studyInstanceUid, seriesInstanceUid, staging, cancellationToken);
}
