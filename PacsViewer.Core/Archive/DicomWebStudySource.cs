using System.Globalization;
using System.Runtime.CompilerServices;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.DicomWeb;

namespace PacsViewer.Core.Archive;

/// <summary>
/// A study source reached by DICOMweb (PS3.18 10): searches are QIDO-RS, metadata and instances WADO-RS, stores
/// STOW-RS. A fresh <see cref="DicomWebClient"/> is made per operation from the source's named HttpClient (the
/// factory owns handler lifetimes, timeouts, retries and credentials). Failures become <see cref="StudySourceException"/>.
/// Behind the retrieval cache, instances take the <see cref="IStagingStudySource"/> path: each WADO-RS part is copied
/// from the response to a file as it arrives, never parsed into memory and rewritten.
/// </summary>
public sealed partial class DicomWebStudySource : IStagingStudySource
{
    // PS3.18 10.6.3.3: attributes asked for besides the defaults, so worklists and series lists can show them.
    private static readonly DicomTag[] StudyFields =
        [DicomTags.StudyDescription, DicomTags.ModalitiesInStudy, DicomTags.NumberOfStudyRelatedSeries, DicomTags.NumberOfStudyRelatedInstances,
         DicomTags.PatientBirthDate, DicomTags.PatientSex];

    private static readonly DicomTag[] SeriesFields = [DicomTags.SeriesDescription, DicomTags.NumberOfSeriesRelatedInstances];

    private static readonly DicomTag[] InstanceFields = [DicomTags.InstanceNumber, DicomTags.NumberOfFrames];

    private readonly Func<HttpClient> _createHttpClient;
    private readonly DicomWebClientOptions _options;
    private readonly string _temporaryDirectory;

    /// <param name="id">The source's configured name.</param>
    /// <param name="createHttpClient">Makes the HttpClient for one operation (BaseAddress = the DICOMweb service root).</param>
    /// <param name="temporaryDirectory">
    /// Where <see cref="GetInstanceAsync"/> writes an instance as it arrives; null: <c>pacsviewer-wado</c> under the
    /// system temp folder.
    /// </param>
    public DicomWebStudySource(string id, Func<HttpClient> createHttpClient, DicomWebClientOptions? options = null, string? temporaryDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(createHttpClient);
        Id = id;
        _createHttpClient = createHttpClient;
        _options = options ?? DicomWebClientOptions.Default;
        _temporaryDirectory = string.IsNullOrEmpty(temporaryDirectory)
            ? Path.Combine(Path.GetTempPath(), "pacsviewer-wado")
            : Path.GetFullPath(temporaryDirectory);
    }

    public string Id { get; }

    /// <summary>False: WADO-RS has a metadata resource (PS3.18 10.4.1.1.2), no instance travels for it.</summary>
    public bool MetadataNeedsInstances => false;

    public IAsyncEnumerable<DicomDataset> SearchStudiesAsync(StudyQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Wrap(Client().SearchStudiesAsync(ToQido(query), cancellationToken), cancellationToken);
    }

    public IAsyncEnumerable<DicomDataset> SearchSeriesAsync(string studyInstanceUid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        return Wrap(Client().SearchSeriesAsync(studyInstanceUid, QidoQuery.All.Include(SeriesFields), cancellationToken), cancellationToken);
    }

    public IAsyncEnumerable<DicomDataset> SearchInstancesAsync(string studyInstanceUid, string seriesInstanceUid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        return Wrap(Client().SearchInstancesAsync(studyInstanceUid, seriesInstanceUid, QidoQuery.All.Include(InstanceFields), cancellationToken),
            cancellationToken);
    }

    public IAsyncEnumerable<DicomDataset> GetSeriesMetadataAsync(string studyInstanceUid, string seriesInstanceUid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        return Wrap(Client().RetrieveSeriesMetadataAsync(studyInstanceUid, seriesInstanceUid, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The instance as stored (transfer-syntax=*, PS3.18 8.7.3.5.2), so no transcoding happens upstream. The part is
    /// copied to a temporary file as it arrives (never accumulated in a growing buffer), then read from that file
    /// once, at its exact size, and the file deleted. (Behind the retrieval cache, the file is kept instead and its
    /// pixel data read on demand.)
    /// </summary>
    public async Task<DicomFile> GetInstanceAsync(InstanceKey key, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_temporaryDirectory);
        StagedInstance staged;
        try
        {
            staged = await StageInstanceAsync(key, new InstanceStaging(_temporaryDirectory), cancellationToken).ConfigureAwait(false);
        }
        catch (DicomFormatException e)
        {
            throw new StudySourceException(Id, $"instance {key.SopInstanceUid} as sent cannot be read: {e.Message}", e);
        }
        using (staged)
        {
            if (!string.Equals(staged.SopInstanceUid, key.SopInstanceUid, StringComparison.Ordinal))
            {
                throw new StudySourceException(Id, $"asked for instance {key.SopInstanceUid}, the PACS sent {staged.SopInstanceUid}");
            }
            try
            {
                return DicomFile.Open(staged.Path!, DicomReaderOptions.Default, cancellationToken);
            }
            catch (DicomFormatException e)
            {
                throw new StudySourceException(Id, $"instance {key.SopInstanceUid} as sent cannot be read: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// WADO-RS of a whole series as stored, each instance yielded as soon as its part has arrived (the first before the
    /// last is sent).
    /// </summary>
    public IAsyncEnumerable<DicomFile> RetrieveSeriesAsync(string studyInstanceUid, string seriesInstanceUid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        return Wrap(Client().RetrieveSeriesAsync(studyInstanceUid, seriesInstanceUid, DicomWebMediaTypes.AnyTransferSyntax, cancellationToken),
            cancellationToken);
    }

    /// <summary>WADO-RS of one instance as stored, its part copied to a temporary file of <paramref name="staging"/> as it arrives.</summary>
    public async Task<StagedInstance> StageInstanceAsync(InstanceKey key, InstanceStaging staging, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(staging);
        try
        {
            return await Client().RetrieveInstancePartAsync(key.StudyInstanceUid, key.SeriesInstanceUid, key.SopInstanceUid,
                staging.StageAsync, DicomWebMediaTypes.AnyTransferSyntax, cancellationToken).ConfigureAwait(false);
        }
        catch (DicomWebException e)
        {
            throw Fail(e);
        }
    }

    /// <summary>
    /// WADO-RS of a whole series as stored (one request), each part copied to a temporary file of
    /// <paramref name="staging"/> as it arrives and yielded once complete.
    /// </summary>
    public IAsyncEnumerable<StagedInstance> StageSeriesAsync(string studyInstanceUid, string seriesInstanceUid, InstanceStaging staging,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        ArgumentNullException.ThrowIfNull(staging);
        return Wrap(Client().RetrieveSeriesPartsAsync(studyInstanceUid, seriesInstanceUid, staging.StageAsync, DicomWebMediaTypes.AnyTransferSyntax,
            cancellationToken), cancellationToken);
    }

    /// <summary>STOW-RS of one object, written to a temporary file and streamed from it (never the whole body in memory).</summary>
    public async Task StoreAsync(DicomFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        StowResult result;
        try
        {
            result = await Client().StoreAsync([file], null, cancellationToken).ConfigureAwait(false);
        }
        catch (DicomWebException e)
        {
            throw Fail(e);
        }
        if (result.Failures is [var failure, ..])
        {
            var reason = failure.FailureReason is { } r ? string.Create(CultureInfo.InvariantCulture, $" (failure reason 0x{r:X4})") : "";
            throw new StudySourceException(Id, $"the PACS refused to store instance {failure.SopInstanceUid ?? file.SopInstanceUid}{reason}");
        }
        if (file.SopInstanceUid is { } sop && !result.StoredSopInstanceUids.Contains(sop))
        {
            throw new StudySourceException(Id, $"the PACS did not confirm storing instance {sop} (HTTP {result.StatusCode})");
        }
    }

    /// <summary>The QIDO-RS form of a study query (PS3.18 8.3.4; date range matching PS3.4 C.2.2.2.5).</summary>
    internal static QidoQuery ToQido(StudyQuery query)
    {
        var qido = QidoQuery.All.Include(StudyFields) with { FuzzyMatching = query.FuzzyMatching, Limit = query.Limit, Offset = query.Offset > 0 ? query.Offset : null };
        void Add(DicomTag tag, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                qido = qido.Match(tag, value);
            }
        }
        Add(DicomTags.PatientName, query.PatientName);
        Add(DicomTags.PatientID, query.PatientId);
        Add(DicomTags.PatientBirthDate, Date(query.PatientBirthDate));
        if (query.StudyDateFrom is not null || query.StudyDateTo is not null)
        {
            Add(DicomTags.StudyDate, query.StudyDateFrom == query.StudyDateTo
                ? Date(query.StudyDateFrom)
                : $"{Date(query.StudyDateFrom)}-{Date(query.StudyDateTo)}");
        }
        Add(DicomTags.ModalitiesInStudy, query.Modality);
        Add(DicomTags.AccessionNumber, query.AccessionNumber);
        Add(DicomTags.StudyDescription, query.StudyDescription);
        Add(DicomTags.StudyInstanceUID, query.StudyInstanceUid);
        return qido;
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private DicomWebClient Client() => new(_createHttpClient(), _options);

    private StudySourceException Fail(DicomWebException e) => e.StatusCode == System.Net.HttpStatusCode.NotFound
        ? new StudyObjectNotFoundException(Id, e.Message, e)
        : new StudySourceException(Id, e.Message, e);

    private async IAsyncEnumerable<T> Wrap<T>(IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = source.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (DicomWebException e)
                {
                    throw Fail(e);
                }
                yield return enumerator.Current;
            }
        }
    }
}
