using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Tests.Core.Archive.Caching;

/// <summary>
/// A study source over a folder of real sample files, standing in for a remote PACS: it counts retrievals per
/// instance, can hold a retrieval until the test releases it, and can fail the next retrieval of an instance.
/// </summary>
internal sealed class FolderStudySource : IStudySource
{
    private readonly Dictionary<string, (InstanceKey Key, string Path)> _instances = new(StringComparer.Ordinal);
    private readonly List<DicomDataset> _headers = [];
    private readonly ConcurrentDictionary<string, int> _retrievals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _completed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RetrievalGate> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _failNext = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _failAlways = new(StringComparer.Ordinal);
    private int _seriesRetrievals;

    public FolderStudySource(string id, string folder)
    {
        Id = id;
        foreach (var path in Directory.EnumerateFiles(folder, "*.dcm").Order(StringComparer.Ordinal))
        {
            var header = DicomFile.Open(path, new DicomReaderOptions { StopBeforePixelData = true }).Dataset;
            var key = new InstanceKey(header.GetString(DicomTags.StudyInstanceUID)!, header.GetString(DicomTags.SeriesInstanceUID)!,
                header.GetString(DicomTags.SOPInstanceUID)!);
            _instances.Add(key.SopInstanceUid, (key, path));
            _headers.Add(header);
        }
    }

    /// <summary>The sample series of 20 MR slices, one file each.</summary>
    public static FolderStudySource MrSeries(string id = "remote") => new(id, TestFiles.Sample("series/mr_brain_ge_axial_pd"));

    public string Id { get; }

    /// <summary>The instances in file name order (the order searches return them).</summary>
    public IReadOnlyList<InstanceKey> Keys => _headers.Select(h => _instances[h.GetString(DicomTags.SOPInstanceUID)!].Key).ToArray();

    public string PathOf(InstanceKey key) => _instances[key.SopInstanceUid].Path;

    /// <summary>How many retrievals of the instance have started.</summary>
    public int Retrievals(InstanceKey key) => _retrievals.GetValueOrDefault(key.SopInstanceUid);

    /// <summary>How many retrievals of the instance have returned a file.</summary>
    public int Completed(InstanceKey key) => _completed.GetValueOrDefault(key.SopInstanceUid);

    public int TotalRetrievals => _retrievals.Values.Sum();

    /// <summary>How many series retrievals have been asked for.</summary>
    public int SeriesRetrievals => Volatile.Read(ref _seriesRetrievals);

    /// <summary>Holds every retrieval of the instance until the gate is released.</summary>
    public RetrievalGate Block(InstanceKey key) => _gates.GetOrAdd(key.SopInstanceUid, _ => new RetrievalGate());

    /// <summary>The next retrieval of the instance (after its gate, if any) throws a <see cref="StudySourceException"/>.</summary>
    public void FailNext(InstanceKey key) => _failNext[key.SopInstanceUid] = true;

    /// <summary>Every retrieval of the instance throws a <see cref="StudySourceException"/> until <see cref="Recover"/>.</summary>
    public void FailAlways(InstanceKey key) => _failAlways[key.SopInstanceUid] = true;

    public void Recover(InstanceKey key) => _failAlways.TryRemove(key.SopInstanceUid, out _);

    public async Task<DicomFile> GetInstanceAsync(InstanceKey key, CancellationToken cancellationToken = default)
    {
        _retrievals.AddOrUpdate(key.SopInstanceUid, 1, (_, n) => n + 1);
        if (_gates.TryGetValue(key.SopInstanceUid, out var gate))
        {
            gate.SignalStarted();
            await gate.Released.WaitAsync(cancellationToken);
        }
        if (_failNext.TryRemove(key.SopInstanceUid, out _) || _failAlways.ContainsKey(key.SopInstanceUid))
        {
            throw new StudySourceException(Id, "the test source refused the retrieval");
        }
        if (!_instances.TryGetValue(key.SopInstanceUid, out var instance))
        {
            throw new StudySourceException(Id, "no such instance");
        }
        var file = DicomFile.Open(instance.Path, cancellationToken: cancellationToken);
        _completed.AddOrUpdate(key.SopInstanceUid, 1, (_, n) => n + 1);
        return file;
    }

    public async IAsyncEnumerable<DicomDataset> SearchInstancesAsync(string studyInstanceUid, string seriesInstanceUid,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var header in _headers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (header.GetString(DicomTags.StudyInstanceUID) == studyInstanceUid
                && header.GetString(DicomTags.SeriesInstanceUID) == seriesInstanceUid)
            {
                yield return header;
            }
        }
    }

    /// <summary>Counted, then the interface's default (search, then one retrieval per instance).</summary>
    public IAsyncEnumerable<DicomFile> RetrieveSeriesAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _seriesRetrievals);
        return SeriesRetrieval.RetrieveAsync(this, studyInstanceUid, seriesInstanceUid, cancellationToken);
    }

    public IAsyncEnumerable<DicomDataset> SearchStudiesAsync(StudyQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public IAsyncEnumerable<DicomDataset> SearchSeriesAsync(string studyInstanceUid, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public IAsyncEnumerable<DicomDataset> GetSeriesMetadataAsync(string studyInstanceUid, string seriesInstanceUid,
        CancellationToken cancellationToken = default) =>
        SearchInstancesAsync(studyInstanceUid, seriesInstanceUid, cancellationToken);

    public Task StoreAsync(DicomFile file, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
