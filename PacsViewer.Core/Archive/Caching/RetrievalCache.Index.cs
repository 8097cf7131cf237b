using System.Text.Json;
using System.Text.RegularExpressions;

namespace PacsViewer.Core.Archive.Caching;

/// <summary>The index file: read back at start, written atomically (temporary file, then rename) after changes.</summary>
public sealed partial class RetrievalCache
{
    private const string IndexFileName = "index.json";
    private const string TemporaryExtension = ".tmp";
    private const string CachedExtension = ".dcm";
    private const int IndexVersion = 1;

    /// <summary>How long after a change the index is written, so a burst of retrievals costs one write.</summary>
    private static readonly TimeSpan IndexSaveDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _indexWriteGate = new();
    private bool _indexSaveScheduled;

    private string IndexPath => Path.Combine(DirectoryPath, IndexFileName);

    [GeneratedRegex("^[0-9a-f]{32}\\.dcm$", RegexOptions.CultureInvariant)]
    private static partial Regex CachedFileName();

    private void LoadIndex()
    {
        var records = ReadIndex();
        foreach (var record in records)
        {
            if (record.File is null || !CachedFileName().IsMatch(record.File) || record.Size < 0
                || string.IsNullOrEmpty(record.Source) || string.IsNullOrEmpty(record.Study)
                || string.IsNullOrEmpty(record.Series) || string.IsNullOrEmpty(record.Sop))
            {
                continue;
            }
            var info = new FileInfo(Path.Combine(DirectoryPath, record.File));
            if (!info.Exists || info.Length != record.Size)
            {
                continue;
            }
            var key = new RetrievalKey(record.Source, new InstanceKey(record.Study, record.Series, record.Sop));
            if (_entries.ContainsKey(key))
            {
                continue;
            }
            var entry = new Entry(key, record.File, record.Size, durable: true); // Indexed only once durable.
            _entries.Add(key, entry);
            _recency.AddFirst(entry.Node); // Records run from least to most recently used.
            _cachedBytes += entry.Size;
        }
        var known = new HashSet<string>(_entries.Values.Select(e => e.FileName), StringComparer.Ordinal) { IndexFileName };
        foreach (var path in Directory.EnumerateFiles(DirectoryPath))
        {
            if (!known.Contains(Path.GetFileName(path)))
            {
                TryDelete(path); // Leftover temporary files and files the index never named.
            }
        }
    }

    private List<IndexRecord> ReadIndex()
    {
        try
        {
            var json = File.ReadAllBytes(IndexPath);
            var document = JsonSerializer.Deserialize<IndexDocument>(json, IndexJson.Options);
            return document is { Version: IndexVersion, Entries: { } entries } ? entries : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return []; // No index or an unreadable one: start empty (the files are deleted as unknown).
        }
    }

    private void WriteIndex(List<IndexRecord> records)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new IndexDocument(IndexVersion, records), IndexJson.Options);
        var temporary = Path.Combine(DirectoryPath, IndexFileName + TemporaryExtension);
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, IndexPath, overwrite: true);
    }

    private void ScheduleIndexSave()
    {
        lock (_gate)
        {
            if (_indexSaveScheduled || _disposed)
            {
                return;
            }
            _indexSaveScheduled = true;
        }
        _ = SaveIndexSoonAsync();
    }

    private async Task SaveIndexSoonAsync()
    {
        try
        {
            await Task.Delay(IndexSaveDelay, _stopping.Token).ConfigureAwait(false);
            SaveIndex(scheduled: true);
        }
        catch (OperationCanceledException)
        {
            // Disposed: Dispose writes the index itself.
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the delay and the write.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The next change schedules another write; the files stay valid, and at worst a restart forgets them.
        }
    }
}
