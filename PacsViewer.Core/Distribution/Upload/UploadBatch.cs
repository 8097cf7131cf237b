using System.IO.Compression;

namespace PacsViewer.Core.Distribution.Upload;

/// <summary>
/// The files of one upload, streamed to disk as they arrive (never whole in memory) under server-generated names in a
/// folder of their own under <see cref="UploadOptions.Folder"/>. A ZIP is expanded entry by entry within the limits
/// (entry count, size per file, compression ratio, total): an entry's name is only its label, never a path. A ZIP
/// over its own limits is kept as one refused file with the reason (the upload's other files carry on); going over
/// the upload's limits (one file too large, too many files, too many bytes) throws <see cref="UploadLimitException"/>.
/// Disposing deletes the staged files unless <see cref="Keep"/> handed them to a job.
/// </summary>
public sealed class UploadBatch : IDisposable
{
    private const int CopyBufferBytes = 81920;
    private readonly UploadOptions _options;
    private readonly List<StagedUpload> _files = [];
    private long _totalBytes;
    private int _next;
    private bool _kept;

    public UploadBatch(UploadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Folder))
        {
            throw new InvalidOperationException("Distribution:UploadFolder is not set");
        }
        _options = options;
        FolderPath = Path.Combine(Path.GetFullPath(options.Folder), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FolderPath);
    }

    /// <summary>This upload's own staging folder.</summary>
    public string FolderPath { get; }

    /// <summary>The files staged so far, in the order they came (a ZIP's entries in the ZIP's order).</summary>
    public IReadOnlyList<StagedUpload> Files => _files;

    /// <summary>Bytes received plus bytes expanded from ZIPs.</summary>
    public long TotalBytes => _totalBytes;

    /// <summary>Stages one uploaded file (a ZIP is expanded). <paramref name="clientName"/> is only shown, never used as a path.</summary>
    public async Task AddAsync(Stream content, string? clientName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var label = UploadLabel.Sanitize(clientName, $"file {_files.Count + 1}");
        var path = NextPath();
        long bytes;
        await using (var target = Create(path))
        {
            bytes = await CopyBoundedAsync(content, target, _options.MaxFileBytes, label, cancellationToken).ConfigureAwait(false);
        }
        if (!IsZip(path))
        {
            Add(new StagedUpload(label, path, bytes));
            return;
        }
        try
        {
            await ExpandZipAsync(path, label, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The ZIP itself is not an object: its entries are (or its refusal is).
            TryDelete(path);
        }
    }

    /// <summary>The job owns the staged files now: disposing leaves them.</summary>
    public void Keep() => _kept = true;

    public void Dispose()
    {
        if (_kept)
        {
            return;
        }
        try
        {
            Directory.Delete(FolderPath, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the start-up sweep of orphaned staging folders.
        }
    }

    /// <summary>Expands a staged ZIP (PKWARE APPNOTE: local headers and the central directory, read by System.IO.Compression).</summary>
    private async Task ExpandZipAsync(string zipPath, string zipLabel, CancellationToken cancellationToken)
    {
        var added = new List<StagedUpload>();
        string? refusal;
        try
        {
            refusal = await ExpandEntriesAsync(zipPath, zipLabel, added, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            refusal = $"not a readable ZIP: {e.Message}";
        }
        catch (NotSupportedException e)
        {
            refusal = $"a ZIP entry cannot be read: {e.Message}";
        }
        catch
        {
            DeleteAll(added);
            throw;
        }
        if (refusal is not null)
        {
            // The ZIP is refused as a whole: its entries already expanded go, and their bytes no longer count.
            DeleteAll(added);
            _totalBytes -= added.Sum(a => a.Bytes);
            Add(new StagedUpload(zipLabel, null, 0, $"ZIP refused: {refusal}"));
            return;
        }
        foreach (var file in added)
        {
            Add(file);
        }
    }

    /// <summary>Returns why the ZIP is refused, or null when every entry was staged into <paramref name="added"/>.</summary>
    private async Task<string?> ExpandEntriesAsync(string zipPath, string zipLabel, List<StagedUpload> added, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        if (zip.Entries.Count > _options.MaxZipEntries)
        {
            return $"it has {zip.Entries.Count} entries, more than the limit of {_options.MaxZipEntries}";
        }
        foreach (var entry in zip.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
            {
                continue; // a folder
            }
            var label = UploadLabel.Sanitize($"{zipLabel}: {entry.FullName}", $"{zipLabel}: entry {added.Count + 1}");
            if (entry.Length > _options.MaxFileBytes)
            {
                return $"entry {entry.FullName} expands to {entry.Length} bytes, more than the limit of {_options.MaxFileBytes} per file";
            }
            if (entry.Length > _options.RatioCheckMinBytes && entry.Length > (long)_options.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
            {
                return $"entry {entry.FullName} expands {entry.Length / Math.Max(1, entry.CompressedLength)} times " +
                    $"(limit {_options.MaxCompressionRatio}): a ZIP bomb?";
            }
            CheckCount(_files.Count + added.Count + 1);
            CheckTotal(entry.Length);
            var path = NextPath();
            long bytes;
            await using (var target = Create(path))
            {
                await using var source = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
                // Never trust the declared length: at most what it declared (and the per-file limit) is copied.
                bytes = await CopyBoundedAsync(source, target, Math.Min(entry.Length, _options.MaxFileBytes), label, cancellationToken, entry: true)
                    .ConfigureAwait(false);
            }
            added.Add(new StagedUpload(label, path, bytes));
        }
        return null;
    }

    private void Add(StagedUpload file)
    {
        CheckCount(_files.Count + 1);
        _files.Add(file);
    }

    private void CheckCount(int count)
    {
        if (count > _options.MaxFiles)
        {
            throw new UploadLimitException($"The upload has more than {_options.MaxFiles} files (ZIP entries included); send them in several uploads.");
        }
    }

    private void CheckTotal(long more)
    {
        if (_totalBytes + more > _options.MaxTotalBytes)
        {
            throw new UploadLimitException(
                $"The upload is larger than the limit of {_options.MaxTotalBytes} bytes (expanded ZIPs included); send it in several uploads.");
        }
    }

    private async Task<long> CopyBoundedAsync(Stream source, Stream target, long limit, string label, CancellationToken cancellationToken, bool entry = false)
    {
        var buffer = new byte[CopyBufferBytes];
        long copied = 0;
        int n;
        while ((n = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            copied += n;
            if (copied > limit)
            {
                throw entry
                    ? new InvalidDataException($"entry {label} holds more bytes than it declares")
                    : new UploadLimitException($"The file '{label}' is larger than the limit of {_options.MaxFileBytes} bytes per file.");
            }
            CheckTotal(n);
            _totalBytes += n;
            await target.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }
        return copied;
    }

    private string NextPath() => Path.Combine(FolderPath, $"{++_next:D6}.part");

    private static FileStream Create(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);

    /// <summary>ZIP local file header or end of central directory signature (an empty ZIP).</summary>
    private static bool IsZip(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head[0] == 'P' && head[1] == 'K'
            && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    }

    private static void DeleteAll(IEnumerable<StagedUpload> files)
    {
        foreach (var file in files)
        {
            if (file.StagedPath is { } path)
            {
                TryDelete(path);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in the batch folder, deleted with it.
        }
    }
}
