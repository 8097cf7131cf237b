using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Network.Dimse;

/// <summary>
/// Writes the data set of a C-STORE-RQ to a Part 10 file as it arrives: File Meta Information built from the
/// command and the presentation context (PS3.10 7.1), then the data set bytes unchanged, to a temporary file in
/// the incoming directory; flushed to disk and renamed to a generated name (never one taken from the data).
/// A local failure (directory missing or not writable, disk full) still reads the rest of the data set, so that
/// the association stays usable, deletes the partial file and returns null: the caller answers Out of Resources.
/// With <c>flushToDisk</c> false the file is complete and renamed but not yet fsync'ed: the caller makes it durable
/// later (<see cref="DurableFlusher"/>), so that the sender is not held up by one fsync per instance. With
/// <c>rename</c> false the complete file keeps its temporary name, for a caller that takes it over and renames it
/// itself (the retrieval cache).
/// </summary>
internal static class IncomingInstanceWriter
{
    public static async Task<string?> WriteAsync(DimseChannel channel, DimseMessage command, string directory, string callingAeTitle,
        long maxBytes, TimeSpan timeout, CancellationToken cancellationToken, bool flushToDisk = true, bool rename = true)
    {
        var syntax = channel.TransferSyntaxOf(command.PresentationContextId);
        var identity = new DicomDatasetBuilder()
            .Set(DicomTags.SOPClassUID, DicomVR.UI, command.AffectedSopClassUid ?? "")
            .Set(DicomTags.SOPInstanceUID, DicomVR.UI, command.AffectedSopInstanceUid ?? "")
            .ToDataset();
        using var header = new MemoryStream();
        DicomFileWriter.WriteFileMetaHeader(header, DicomFileWriter.CreateFileMeta(identity, syntax, callingAeTitle), cancellationToken);

        var name = Guid.NewGuid().ToString("N");
        var temporary = Path.Combine(directory, $".incoming-{name}.part");
        var sink = new LocalSink();
        try
        {
            try
            {
                // Unbuffered (bufferSize 0): each P-DATA fragment goes to the file in one write, not copied into a
                // FileStream buffer of about the same size first. Not FileOptions.Asynchronous: on Linux an
                // "asynchronous" file write is a synchronous pwrite queued to the thread pool, one hop per fragment;
                // the sink writes each fragment directly instead (a copy into the page cache, see LocalSink.WriteAsync).
                // The directory is created only when it is missing (not a mkdir and a stat for every instance).
                try
                {
                    sink.File = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
                }
                catch (DirectoryNotFoundException)
                {
                    Directory.CreateDirectory(directory);
                    sink.File = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
                }
                await sink.WriteAsync(header.GetBuffer().AsMemory(0, (int)header.Length), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                sink.Failed = true;
            }
            await channel.ReceiveDatasetToAsync(command, sink, maxBytes, timeout, cancellationToken).ConfigureAwait(false);
            if (sink.Failed || !await sink.CompleteAsync(flushToDisk, cancellationToken).ConfigureAwait(false))
            {
                TryDelete(temporary);
                return null;
            }
            if (!rename)
            {
                return temporary;
            }
            // The temporary name's GUID again: unique, so the move may be a plain rename(2) (overwrite: true skips the
            // existence checks of a move that must not replace a file).
            var final = Path.Combine(directory, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{name}.dcm");
            File.Move(temporary, final, overwrite: true);
            return final;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return null;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
        finally
        {
            if (sink.File is not null)
            {
                await sink.File.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do; the name is one we generated.
        }
    }

    /// <summary>Writes to the file until a write fails; from then on it only swallows the bytes.</summary>
    private sealed class LocalSink : Stream
    {
        public FileStream? File { get; set; }

        public bool Failed { get; set; }

        public async Task<bool> CompleteAsync(bool flushToDisk, CancellationToken cancellationToken)
        {
            try
            {
                await File!.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushToDisk)
                {
#pragma warning disable CA1849 // FlushAsync does not reach the disk; Flush(true) does (fsync), which success depends on.
                    File.Flush(flushToDisk: true);
#pragma warning restore CA1849
                }
                await File.DisposeAsync().ConfigureAwait(false);
                File = null;
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Failed || File is null)
            {
                return ValueTask.CompletedTask;
            }
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled(cancellationToken);
            }
            try
            {
#pragma warning disable CA1849 // A pwrite into the page cache; WriteAsync would only queue this same call to the thread pool.
                File.Write(buffer.Span);
#pragma warning restore CA1849
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Failed = true;
            }
            return ValueTask.CompletedTask;
        }

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
