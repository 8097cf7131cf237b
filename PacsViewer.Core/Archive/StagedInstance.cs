namespace PacsViewer.Core.Archive;

/// <summary>
/// A retrieved object written to a temporary file by <see cref="InstanceStaging"/>, its header checked (a DICOM Part 10
/// file, PS3.10 7.1, holding a SOP Instance UID). Whoever holds it either moves the file into place
/// (<see cref="MoveTo"/>) or disposes it, which deletes the file.
/// </summary>
public sealed class StagedInstance : IDisposable
{
    private string? _path;

    internal StagedInstance(string path, long length, string sopInstanceUid, string? sopClassUid, string transferSyntaxUid)
    {
        _path = path;
        Length = length;
        SopInstanceUid = sopInstanceUid;
        SopClassUid = sopClassUid;
        TransferSyntaxUid = transferSyntaxUid;
    }

    /// <summary>The temporary file; null once moved or deleted.</summary>
    public string? Path => Volatile.Read(ref _path);

    /// <summary>The file's size in bytes.</summary>
    public long Length { get; }

    /// <summary>The object's SOP Instance UID (from its dataset, else its File Meta Information).</summary>
    public string SopInstanceUid { get; }

    public string? SopClassUid { get; }

    /// <summary>The transfer syntax of the object's dataset (PS3.10 7.1, (0002,0010)).</summary>
    public string TransferSyntaxUid { get; }

    /// <summary>
    /// Flushes the file to the disk (not only the OS cache), then renames it to <paramref name="destination"/> (same
    /// file system: an atomic rename). Afterwards this object no longer owns a file.
    /// </summary>
    public void MoveTo(string destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var path = Path ?? throw new ObjectDisposedException(nameof(StagedInstance), "the staged file was already moved or deleted");
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1))
        {
            stream.Flush(flushToDisk: true); // fsync: durable before it is renamed into place
        }
        File.Move(path, destination);
        Volatile.Write(ref _path, null);
    }

    /// <summary>
    /// Renames the file to <paramref name="destination"/> (same file system) without flushing it: the caller makes it
    /// durable afterwards (e.g. the retrieval cache fsyncs it in the background and records it in its index only then).
    /// Afterwards this object no longer owns a file.
    /// </summary>
    public void MoveWithoutFlush(string destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var path = Path ?? throw new ObjectDisposedException(nameof(StagedInstance), "the staged file was already moved or deleted");
        File.Move(path, destination);
        Volatile.Write(ref _path, null);
    }

    /// <summary>Deletes the temporary file unless it was moved.</summary>
    public void Dispose()
    {
        var path = Interlocked.Exchange(ref _path, null);
        if (path is null)
        {
            return;
        }
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind: the retrieval cache deletes files it does not know at its next start.
        }
    }
}
