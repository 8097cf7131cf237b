using System.Buffers;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive;

/// <summary>
/// Writes retrieved objects to temporary files in one folder, as <see cref="StagedInstance"/>s: from a stream as it
/// arrives (a WADO-RS part, through a bounded buffer, never the whole object in memory) or from a
/// <see cref="DicomFile"/> already in memory. A streamed file's header is then read back from the file, only up to the
/// pixel data (large values deferred), to check it is a DICOM Part 10 file (PS3.10 7.1) and learn its SOP Instance UID.
/// Files are not flushed to the disk here: <see cref="StagedInstance.MoveTo"/> does that before the rename.
/// </summary>
public sealed class InstanceStaging
{
    /// <summary>The extension of staged files (a folder's owner may delete such files left by a crash).</summary>
    public const string TemporaryExtension = ".tmp";

    private const int CopyBufferBytes = 256 * 1024;

    private static readonly DicomReaderOptions HeaderOptions = new() { StopBeforePixelData = true, DeferValuesLargerThan = 64 * 1024 };

    private static readonly DicomReaderOptions InMemoryHeaderOptions = new() { StopBeforePixelData = true };

    public InstanceStaging(string directoryPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(directoryPath);
        DirectoryPath = Path.GetFullPath(directoryPath);
    }

    /// <summary>The folder the temporary files are written to.</summary>
    public string DirectoryPath { get; }

    /// <summary>
    /// Copies <paramref name="part10"/> to its end into a new temporary file, then checks its header. Throws
    /// <see cref="DicomFormatException"/> when the object is larger than <paramref name="maxBytes"/>, is not a Part 10
    /// file or has no SOP Instance UID (the file is deleted then).
    /// </summary>
    public async Task<StagedInstance> StageAsync(Stream part10, string sourceName, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(part10);
        var path = NewPath();
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            long length = 0;
            (string Sop, string? SopClass, string Syntax)? fromFirstBlock = null;
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
            await using (file.ConfigureAwait(false))
            {
                var ended = false;
                while (!ended)
                {
                    // Gather a large block before each write: the multipart reader hands out at most its window per read.
                    var filled = 0;
                    while (filled < buffer.Length)
                    {
                        var n = await part10.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                        if (n == 0)
                        {
                            ended = true;
                            break;
                        }
                        filled += n;
                    }
                    length += filled;
                    if (length > maxBytes)
                    {
                        throw new DicomFormatException($"the object is larger than the limit of {maxBytes} bytes", length, null, sourceName);
                    }
                    if (length == filled && filled > 0)
                    {
                        // The header is checked from the first block while it is in memory, so the file is never read back.
                        fromFirstBlock = TryCheckInMemory(buffer.AsMemory(0, filled), ended, sourceName, cancellationToken);
                    }
#pragma warning disable CA1849 // A pwrite into the page cache: on Linux WriteAsync would only queue this same call to the thread pool.
                    file.Write(buffer.AsSpan(0, filled));
#pragma warning restore CA1849
                }
            }
            if (fromFirstBlock is not null)
            {
                var (sop, sopClass, syntax) = fromFirstBlock.Value;
                return new StagedInstance(path, length, sop, sopClass, syntax);
            }
            return Check(path, length, sourceName, cancellationToken);
        }
        catch
        {
            TryDelete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes an object held in memory (or with deferred values, copied by range) to a new temporary file.</summary>
    public StagedInstance Stage(DicomFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var sop = file.SopInstanceUid
            ?? throw new DicomFormatException("the object has no SOP Instance UID (0008,0018)");
        var path = NewPath();
        try
        {
            long length;
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                DicomFileWriter.Write(stream, file, null, cancellationToken);
                length = stream.Length;
            }
            return new StagedInstance(path, length, sop, file.SopClassUid, file.TransferSyntax.Uid);
        }
        catch
        {
            TryDelete(path);
            throw;
        }
    }

    private string NewPath() => Path.Combine(DirectoryPath, Guid.NewGuid().ToString("N") + TemporaryExtension);

    /// <summary>
    /// The header checked from the object's first block, when that block holds all of it: the whole object, or every
    /// element up to the pixel data (the reader stopped there). Otherwise null, and the file is checked once written
    /// (a header longer than the block, or a malformed one, whose error is then reported from the file).
    /// </summary>
    private static (string Sop, string? SopClass, string Syntax)? TryCheckInMemory(ReadOnlyMemory<byte> firstBlock, bool whole, string sourceName,
        CancellationToken cancellationToken)
    {
        DicomFile header;
        try
        {
            header = DicomFile.Read(firstBlock, InMemoryHeaderOptions, sourceName, cancellationToken);
        }
        catch (DicomFormatException)
        {
            return null;
        }
        if (!whole && !header.StoppedBeforePixelData)
        {
            return null; // The block may end inside the header: read it from the file.
        }
        if (header.Layout == DicomFileLayout.NoFileMeta || string.IsNullOrEmpty(header.SopInstanceUid))
        {
            return null; // Reported with its message by the check from the file.
        }
        return (header.SopInstanceUid, header.SopClassUid, header.TransferSyntax.Uid);
    }

    // PS3.10 7.1: preamble, "DICM", File Meta Information, then the dataset; PS3.18 8.7.3.1 (application/dicom).
    private static StagedInstance Check(string path, long length, string sourceName, CancellationToken cancellationToken)
    {
        DicomFile header;
        try
        {
            header = DicomFile.Open(path, HeaderOptions, cancellationToken);
        }
        catch (DicomFormatException e)
        {
            throw new DicomFormatException($"{sourceName} as written to {Path.GetFileName(path)}: {e.Message}", e);
        }
        if (header.Layout == DicomFileLayout.NoFileMeta)
        {
            throw new DicomFormatException($"not a DICOM Part 10 file (no 'DICM' prefix and File Meta Information, PS3.10 7.1)");
        }
        var sop = header.SopInstanceUid;
        if (string.IsNullOrEmpty(sop))
        {
            throw new DicomFormatException($"the object has no SOP Instance UID (0008,0018)");
        }
        return new StagedInstance(path, length, sop, header.SopClassUid, header.TransferSyntax.Uid);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind: the folder's owner deletes unknown files at its next start.
        }
    }
}
