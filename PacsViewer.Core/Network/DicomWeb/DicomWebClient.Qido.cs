using PacsViewer.Core.Dicom;

namespace PacsViewer.Core.Network.DicomWeb;

public sealed partial class DicomWebClient
{
    /// <summary>QIDO-RS Search for Studies (PS3.18 10.6.1.1, resource <c>studies</c>).</summary>
    public IAsyncEnumerable<DicomDataset> SearchStudiesAsync(QidoQuery? query = null, CancellationToken cancellationToken = default) =>
        SearchAsync("studies", query, cancellationToken);

    /// <summary>QIDO-RS Search for Series, of one study or (when <paramref name="studyInstanceUid"/> is null) of all studies.</summary>
    public IAsyncEnumerable<DicomDataset> SearchSeriesAsync(string? studyInstanceUid, QidoQuery? query = null, CancellationToken cancellationToken = default) =>
        SearchAsync(studyInstanceUid is null ? "series" : $"studies/{Segment(studyInstanceUid, nameof(studyInstanceUid))}/series", query, cancellationToken);

    /// <summary>
    /// QIDO-RS Search for Instances: of one series, of one study (<paramref name="seriesInstanceUid"/> null) or of all
    /// studies (both null).
    /// </summary>
    public IAsyncEnumerable<DicomDataset> SearchInstancesAsync(string? studyInstanceUid, string? seriesInstanceUid, QidoQuery? query = null,
        CancellationToken cancellationToken = default)
    {
        if (studyInstanceUid is null && seriesInstanceUid is not null)
        {
            throw new ArgumentException("a series is searched within its study: give the Study Instance UID too", nameof(studyInstanceUid));
        }
        var path = studyInstanceUid is null
            ? "instances"
            : seriesInstanceUid is null
                ? $"studies/{Segment(studyInstanceUid, nameof(studyInstanceUid))}/instances"
                : $"studies/{Segment(studyInstanceUid, nameof(studyInstanceUid))}/series/{Segment(seriesInstanceUid, nameof(seriesInstanceUid))}/instances";
        return SearchAsync(path, query, cancellationToken);
    }

    // PS3.18 10.6.3: the results are a JSON array of DICOM JSON Model objects (application/dicom+json).
    private IAsyncEnumerable<DicomDataset> SearchAsync(string path, QidoQuery? query, CancellationToken cancellationToken) =>
        ReadDatasetsAsync(HttpMethod.Get, Resolve(path, (query ?? QidoQuery.All).ToQueryString()), DicomWebMediaTypes.DicomJson, cancellationToken);
}
