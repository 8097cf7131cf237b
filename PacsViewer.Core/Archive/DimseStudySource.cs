using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;
using PacsViewer.Core.Network.Dimse;
using PacsViewer.Core.Network.UpperLayer;

namespace PacsViewer.Core.Archive;

/// <summary>
/// A study source reached by DIMSE (PS3.4 C, PS3.7): searches are C-FIND in the Study Root model, instances and
/// series come by C-GET (the peer sends them back over the same association as C-STORE sub-operations, PS3.4 C.4.3)
/// or, with a <see cref="DimseMoveTarget"/>, by C-MOVE to our receiver (read back from the archive it feeds), stores
/// are C-STORE (the C-MOVE mode is in DimseStudySource.Move.cs). Each operation uses an association of its own. Every failure (refused association, failure
/// status, timeout, broken connection) becomes a <see cref="StudySourceException"/> naming this source.
/// </summary>
/// <remarks>
/// Files received by C-GET are written into a folder of their own under <c>workDirectory</c>, read into memory and
/// deleted; callers that keep instances put a C-GET source behind the retrieval cache, which has the C-GET write
/// straight into its own folder instead (<see cref="IStagingStudySource"/>, DimseStudySource.Staging.cs). So does a C-MOVE
/// source whose <see cref="DimseMoveTarget"/> has the receiver's router (the app's); without one, the archive the
/// receiver feeds keeps the durable copy, and instances already there are read from it.
/// </remarks>
public sealed partial class DimseStudySource : IStudySource
{
    private readonly DicomClient _client;
    private readonly string _workDirectory;
    private readonly DimseMoveTarget? _move;

    /// <param name="id">The source's configured name.</param>
    /// <param name="peer">The PACS: its AE title, host and port.</param>
    /// <param name="client">The DIMSE service user (our AE title, timeouts, limits).</param>
    /// <param name="workDirectory">Where C-GET sub-operations write their files for the time they are read.</param>
    /// <param name="moveTarget">When set, instances are retrieved by C-MOVE to our receiver and read from the archive it feeds.</param>
    public DimseStudySource(string id, DicomPeer peer, DicomClient client, string workDirectory, DimseMoveTarget? moveTarget = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(workDirectory);
        Id = id;
        Peer = peer;
        _client = client;
        _workDirectory = workDirectory;
        _move = moveTarget;
    }

    public string Id { get; }

    public DicomPeer Peer { get; }

    /// <summary>
    /// C-FIND at STUDY level (PS3.4 C.6.2.1): the query keys as matching keys (wildcards passed through, dates as
    /// single values or <c>YYYYMMDD-YYYYMMDD</c> ranges, C.2.2.2.5), the other study attributes as empty return keys.
    /// Offset and limit are applied here; once the limit is reached the query is cancelled (C-CANCEL).
    /// </summary>
    public async IAsyncEnumerable<DicomDataset> SearchStudiesAsync(StudyQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is <= 0)
        {
            yield break;
        }
        var skipped = 0;
        var returned = 0;
        await foreach (var found in FindAsync(QueryRetrieveLevel.Study, StudyIdentifier(query), cancellationToken).ConfigureAwait(false))
        {
            if (skipped < query.Offset)
            {
                skipped++;
                continue;
            }
            yield return found;
            if (++returned == query.Limit)
            {
                yield break; // leaving the enumeration sends C-CANCEL-RQ
            }
        }
    }

    /// <summary>C-FIND at SERIES level of one study (PS3.4 C.6.2.1.2: the Study Instance UID as unique key).</summary>
    public IAsyncEnumerable<DicomDataset> SearchSeriesAsync(string studyInstanceUid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        var identifier = new DicomDatasetBuilder()
            .Set(DicomTags.StudyInstanceUID, studyInstanceUid)
            .Set(DicomTags.SeriesInstanceUID)
            .Set(DicomTags.Modality)
            .Set(DicomTags.SeriesNumber)
            .Set(DicomTags.SeriesDescription)
            .Set(DicomTags.SeriesDate)
            .Set(DicomTags.SeriesTime)
            .Set(DicomTags.BodyPartExamined)
            .Set(DicomTags.NumberOfSeriesRelatedInstances)
            .ToDataset();
        return FindAsync(QueryRetrieveLevel.Series, identifier, cancellationToken);
    }

    /// <summary>C-FIND at IMAGE level of one series (PS3.4 C.6.2.1.2: study and series UIDs as unique keys).</summary>
    public IAsyncEnumerable<DicomDataset> SearchInstancesAsync(string studyInstanceUid, string seriesInstanceUid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        var identifier = new DicomDatasetBuilder()
            .Set(DicomTags.StudyInstanceUID, studyInstanceUid)
            .Set(DicomTags.SeriesInstanceUID, seriesInstanceUid)
            .Set(DicomTags.SOPInstanceUID)
            .Set(DicomTags.SOPClassUID)
            .Set(DicomTags.InstanceNumber)
            .Set(DicomTags.NumberOfFrames)
            .ToDataset();
        return FindAsync(QueryRetrieveLevel.Image, identifier, cancellationToken);
    }

    /// <summary>
    /// One C-GET of the series; each instance's header (read up to the pixel data) is yielded as soon as its file is
    /// durable. DIMSE has no metadata-only retrieval, so the whole instances travel.
    /// </summary>
    public IAsyncEnumerable<DicomDataset> GetSeriesMetadataAsync(string studyInstanceUid, string seriesInstanceUid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        if (_move is { } move)
        {
            return MoveSeriesAsync(studyInstanceUid, seriesInstanceUid, move.Archive.GetInstanceMetadataAsync, cancellationToken);
        }
        return GetStreamAsync(QueryRetrieveLevel.Series, SeriesKeys(studyInstanceUid, seriesInstanceUid),
            (path, ct) => DicomFile.Open(path, new DicomReaderOptions { StopBeforePixelData = true }, ct).Dataset, cancellationToken);
    }

    /// <summary>C-GET at IMAGE level (PS3.4 C.4.3, C.6.2.1.2): the instance as the peer sends it, read into memory.</summary>
    public async Task<DicomFile> GetInstanceAsync(InstanceKey key, CancellationToken cancellationToken = default)
    {
        if (_move is { } move)
        {
            return await MoveInstanceAsync(key, move, cancellationToken).ConfigureAwait(false);
        }
        var identifier = new DicomDatasetBuilder(SeriesKeys(key.StudyInstanceUid, key.SeriesInstanceUid))
            .Set(DicomTags.SOPInstanceUID, key.SopInstanceUid)
            .ToDataset();
        DicomFile? found = null;
        await foreach (var file in GetStreamAsync(QueryRetrieveLevel.Image, identifier, ReadWhole, cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(file.SopInstanceUid, key.SopInstanceUid, StringComparison.Ordinal))
            {
                found = file;
            }
        }
        return found ?? throw new StudySourceException(Id, $"the PACS sent no instance {key.SopInstanceUid} (it may have been deleted)");
    }

    /// <summary>One C-GET at SERIES level; each instance is yielded as soon as its file is complete (read into memory, then deleted).</summary>
    public IAsyncEnumerable<DicomFile> RetrieveSeriesAsync(string studyInstanceUid, string seriesInstanceUid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        if (_move is { } move)
        {
            return MoveSeriesAsync(studyInstanceUid, seriesInstanceUid, move.Archive.GetInstanceAsync, cancellationToken);
        }
        return GetStreamAsync(QueryRetrieveLevel.Series, SeriesKeys(studyInstanceUid, seriesInstanceUid), ReadWhole, cancellationToken);
    }

    /// <summary>C-STORE (PS3.4 B.2); a failure status or an unacceptable SOP class or transfer syntax throws.</summary>
    public async Task StoreAsync(DicomFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        StoreResult result;
        try
        {
            result = await _client.StoreAsync(Peer, file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsSourceFailure(e))
        {
            throw Fail("C-STORE", e);
        }
        if (!result.IsSuccess)
        {
            throw new StudySourceException(Id, result.Status is { } status
                ? $"the PACS refused to store instance {file.SopInstanceUid} (C-STORE status {status})"
                : $"instance {file.SopInstanceUid} was not sent: {result.Error}");
        }
    }

    /// <summary>The Study Root STUDY-level identifier of a query (PS3.4 C.6.2.1.2 keys; range matching C.2.2.2.5).</summary>
    internal static DicomDataset StudyIdentifier(StudyQuery query)
    {
        string Key(string? value) => string.IsNullOrEmpty(value) ? "" : value;
        var date = query.StudyDateFrom is null && query.StudyDateTo is null ? ""
            : query.StudyDateFrom == query.StudyDateTo ? Date(query.StudyDateFrom)
            : $"{Date(query.StudyDateFrom)}-{Date(query.StudyDateTo)}";
        return new DicomDatasetBuilder()
            .Set(DicomTags.PatientName, Key(query.PatientName))
            .Set(DicomTags.PatientID, Key(query.PatientId))
            .Set(DicomTags.PatientBirthDate, Date(query.PatientBirthDate))
            .Set(DicomTags.PatientSex, "")
            .Set(DicomTags.StudyDate, date)
            .Set(DicomTags.StudyTime, "")
            .Set(DicomTags.AccessionNumber, Key(query.AccessionNumber))
            .Set(DicomTags.StudyDescription, Key(query.StudyDescription))
            .Set(DicomTags.StudyID, "")
            .Set(DicomTags.ReferringPhysicianName, "")
            .Set(DicomTags.StudyInstanceUID, Key(query.StudyInstanceUid))
            .Set(DicomTags.ModalitiesInStudy, Key(query.Modality))
            .Set(DicomTags.NumberOfStudyRelatedSeries, "")
            .Set(DicomTags.NumberOfStudyRelatedInstances, "")
            .ToDataset();
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "";

    private static DicomDataset SeriesKeys(string studyInstanceUid, string seriesInstanceUid) => new DicomDatasetBuilder()
        .Set(DicomTags.StudyInstanceUID, studyInstanceUid)
        .Set(DicomTags.SeriesInstanceUID, seriesInstanceUid)
        .ToDataset();

    private static DicomFile ReadWhole(string path, CancellationToken cancellationToken) => DicomFile.Open(path, DicomReaderOptions.Default, cancellationToken);

    private async IAsyncEnumerable<DicomDataset> FindAsync(QueryRetrieveLevel level, DicomDataset identifier, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = _client.FindAsync(Peer, QueryRetrieveModel.StudyRoot, level, identifier, cancellationToken).GetAsyncEnumerator(cancellationToken);
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
                catch (Exception e) when (IsSourceFailure(e))
                {
                    throw Fail("C-FIND", e);
                }
                yield return enumerator.Current;
            }
        }
    }

    /// <summary>
    /// One C-GET whose received files are read by <paramref name="read"/> and yielded as they arrive (each file deleted
    /// once read). Sub-operations that failed, or a failure status, end the enumeration with a
    /// <see cref="StudySourceException"/> after what did arrive.
    /// </summary>
    private async IAsyncEnumerable<T> GetStreamAsync<T>(QueryRetrieveLevel level, DicomDataset identifier, Func<string, CancellationToken, T> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var directory = Path.Combine(_workDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var retrieval = RunGetAsync(level, identifier, directory, channel.Writer, stop.Token);
        try
        {
            await foreach (var path in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                T item;
                try
                {
                    item = read(path, cancellationToken);
                }
                catch (DicomFormatException e)
                {
                    throw new StudySourceException(Id, "the PACS sent an object that cannot be read: " + e.Message, e);
                }
                finally
                {
                    TryDelete(path);
                }
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await retrieval.ConfigureAwait(false); // never faults: failures complete the channel
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open elsewhere; the folder is left for the next clean-up.
            }
        }
    }

    private async Task RunGetAsync(QueryRetrieveLevel level, DicomDataset identifier, string directory, ChannelWriter<string> writer, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var result = await _client.GetAsync(Peer, QueryRetrieveModel.StudyRoot, level, identifier, directory, null,
                (path, ct) => writer.WriteAsync(path, ct).AsTask(), cancellationToken).ConfigureAwait(false);
            if (Unsuccessful(result) is { } outcome)
            {
                failure = new StudySourceException(Id, $"C-GET {outcome}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The consumer stopped.
        }
#pragma warning disable CA1031 // Any failure goes to the consumer through the channel.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = IsSourceFailure(e) ? Fail("C-GET", e) : e;
        }
        writer.TryComplete(failure);
    }

    private static bool IsSourceFailure(Exception e) => e is DicomNetworkException or IOException;

    /// <summary>What went wrong, without patient data: the peer's comment is left out (it may quote the request).</summary>
    private StudySourceException Fail(string operation, Exception e) => e switch
    {
        DimseFailureException failure => new StudySourceException(Id, $"{operation} failed with status {failure.Status}", e),
        AssociationRejectedException rejected => new StudySourceException(Id, $"{Peer} refused the {operation} association: {rejected.Message}", e),
        DicomTimeoutException => new StudySourceException(Id, $"{operation} to {Peer} timed out: {e.Message}", e),
        _ => new StudySourceException(Id, $"{operation} to {Peer} failed: {e.Message}", e),
    };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// "ended with status ... (n failed, m completed)" when a C-GET or C-MOVE failed or lost sub-operations
    /// (PS3.4 C.4.2 and C.4.3: a Warning final status with failed sub-operations), otherwise null.
    /// </summary>
    private static string? Unsuccessful(RetrieveResult result)
    {
        if (!result.Status.IsFailure && result.Progress is not { Failed: > 0 })
        {
            return null;
        }
        var failed = result.Progress is { } p ? string.Create(CultureInfo.InvariantCulture, $" ({p.Failed} failed, {p.Completed} completed)") : "";
        return $"ended with status {result.Status}{failed}";
    }
}
