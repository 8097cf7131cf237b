using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Caching;

/// <summary>
/// A lease on one instance kept by the <see cref="RetrievalCache"/>: while it is not disposed, the cached file
/// behind <see cref="File"/> is not deleted, so values read on demand (pixel data) stay readable. Dispose exactly once
/// (more calls are ignored).
/// </summary>
public sealed class CachedInstance : IDisposable
{
    private RetrievalCache.Entry? _entry;
    private readonly RetrievalCache _cache;

    internal CachedInstance(RetrievalCache cache, RetrievalCache.Entry entry, DicomFile file)
    {
        _cache = cache;
        _entry = entry;
        Key = entry.Key.Instance;
        File = file;
    }

    /// <summary>The instance's UIDs.</summary>
    public InstanceKey Key { get; }

    /// <summary>The cached file, opened with its large values (pixel data) deferred and read by range.</summary>
    public DicomFile File { get; }

    public void Dispose()
    {
        var entry = Interlocked.Exchange(ref _entry, null);
        if (entry is not null)
        {
            _cache.Release(entry);
        }
    }
}
