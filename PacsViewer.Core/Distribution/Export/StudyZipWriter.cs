using System.IO.Compression;
using System.IO.Pipelines;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Distribution.Export;

/// <summary>
/// Writes objects as a ZIP holding a DICOM file-set (PS3.10 8: the files under PS3.12 File IDs, and the DICOMDIR
/// written last, referencing only the files already written) to any stream, seekable or not (an HTTP response). Each
/// object is opened, optionally de-identified, and streamed into its entry from its source file (deferred values are
/// copied in chunks), so memory holds one object's header at a time, never the study. The ZIP is produced on a worker
/// thread into a bounded pipe and copied asynchronously to the destination, so the destination never sees a
/// synchronous write. On a non-seekable destination <see cref="ZipArchive"/> writes each entry with a data descriptor.
/// DICOM entries are stored (no compression): compressing pixel data costs much time for little gain and most
/// compressed transfer syntaxes do not shrink (see README, Performance).
/// </summary>
public sealed class StudyZipWriter
{
    public const string DicomDirEntryName = "DICOMDIR";

    private const int PipeHighWater = 1 << 20;

    private readonly Deidentifier? _deidentifier;
    private readonly bool _includeFlagged;
    private readonly string _fileSetId;

    /// <param name="deidentifier">De-identifies every object (PS3.15 E.2); null exports them as stored.</param>
    /// <param name="includeFlagged">With de-identification: include objects flagged for burned-in annotation (with a
    /// warning on their item) instead of skipping them.</param>
    /// <param name="fileSetId">File-set ID (0004,1130) of the DICOMDIR.</param>
    public StudyZipWriter(Deidentifier? deidentifier = null, bool includeFlagged = false, string fileSetId = "PACSVIEWER")
    {
        _deidentifier = deidentifier;
        _includeFlagged = includeFlagged;
        _fileSetId = fileSetId;
    }

    /// <summary>
    /// Writes <paramref name="instances"/> (in that order) as a ZIP to <paramref name="destination"/>.
    /// <paramref name="openInstance"/> opens one (a study source's <see cref="IStudySource.GetInstanceAsync"/>);
    /// an object that cannot be found or read is reported Failed and left out, any other error ends the export.
    /// <paramref name="onItem"/> hears each object's outcome as it is written (job progress).
    /// </summary>
    public Task<StudyZipResult> WriteAsync(Stream destination, IReadOnlyList<ExportInstance> instances,
        Func<ExportInstance, CancellationToken, Task<DicomFile>> openInstance, Func<ExportItemResult, CancellationToken, Task>? onItem,
        CancellationToken cancellationToken) =>
        WriteAsync(destination, ct => Open(instances, openInstance, ct), onItem, cancellationToken);

    /// <summary>
    /// Writes objects as they arrive (a DICOMweb retrieve streamed part by part), each labelled by its position:
    /// memory holds the object being written, never the study.
    /// </summary>
    public Task<StudyZipResult> WriteAsync(Stream destination, IAsyncEnumerable<DicomFile> files,
        Func<ExportItemResult, CancellationToken, Task>? onItem, CancellationToken cancellationToken) =>
        WriteAsync(destination, ct => Label(files, ct), onItem, cancellationToken);

    private static async IAsyncEnumerable<Opened> Open(IReadOnlyList<ExportInstance> instances,
        Func<ExportInstance, CancellationToken, Task<DicomFile>> openInstance, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var instance in instances)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DicomFile? file = null;
            string? error = null;
            try
            {
                file = await openInstance(instance, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StudyObjectNotFoundException or DicomFormatException)
            {
                error = ex.Message;
            }
            yield return new Opened(instance, file, error);
        }
    }

    private static async IAsyncEnumerable<Opened> Label(IAsyncEnumerable<DicomFile> files, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var n = 0;
        await foreach (var file in files.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            n++;
            var d = file.Dataset;
            var instance = new ExportInstance(d.GetFirstString(Dicom.Dictionary.DicomTags.StudyInstanceUID) ?? "", d.GetFirstString(Dicom.Dictionary.DicomTags.SeriesInstanceUID) ?? "",
                file.SopInstanceUid ?? "", $"object {n.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            yield return new Opened(instance, file, null);
        }
    }

    private sealed record Opened(ExportInstance Instance, DicomFile? File, string? Error);

    private async Task<StudyZipResult> WriteAsync(Stream destination, Func<CancellationToken, IAsyncEnumerable<Opened>> objects,
        Func<ExportItemResult, CancellationToken, Task>? onItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PipeHighWater, resumeWriterThreshold: PipeHighWater / 2, useSynchronizationContext: false));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(async () =>
        {
            try
            {
                var result = await ProduceAsync(pipe.Writer.AsStream(leaveOpen: true), objects(stop.Token), onItem, stop.Token).ConfigureAwait(false);
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
                return result;
            }
            catch (Exception ex)
            {
                await pipe.Writer.CompleteAsync(ex).ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None);
        try
        {
            await pipe.Reader.CopyToAsync(destination, stop.Token).ConfigureAwait(false);
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception consumerError)
        {
            // The destination failed (a client went away) or the producer did: stop the producer and report the cause.
            await pipe.Reader.CompleteAsync(consumerError).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (Exception producerError) when (producerError is not OperationCanceledException)
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                // the producer stopped because the destination failed: report the destination's error below
            }
            throw;
        }
        return await producer.ConfigureAwait(false);
    }

    private async Task<StudyZipResult> ProduceAsync(Stream output, IAsyncEnumerable<Opened> objects,
        Func<ExportItemResult, CancellationToken, Task>? onItem, CancellationToken cancellationToken)
    {
        var directory = new FileSetDirectoryBuilder(_fileSetId);
        var flagged = new List<string>();
        int written = 0, skipped = 0, failed = 0;
        long dicomBytes = 0;
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            await foreach (var (instance, opened, error) in objects.ConfigureAwait(false))
            {
                if (opened is not { } file)
                {
                    failed++;
                    await Report(onItem, new ExportItemResult(instance, TransferItemState.Failed, 0, error), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                string? warning = null;
                var dataset = file.Dataset;
                if (_deidentifier is not null)
                {
                    warning = Deidentifier.BurnedInAnnotationWarning(dataset);
                    if (warning is not null)
                    {
                        flagged.Add(instance.Label);
                        if (!_includeFlagged)
                        {
                            skipped++;
                            await Report(onItem, new ExportItemResult(instance, TransferItemState.Skipped, 0, warning), cancellationToken).ConfigureAwait(false);
                            continue;
                        }
                    }
                    dataset = _deidentifier.Deidentify(dataset);
                }
                var syntax = file.TransferSyntax.IsEncapsulated ? file.TransferSyntax : DicomTransferSyntax.ExplicitVRLittleEndian;
                // De-identified: a new File Meta made from the new dataset (Media Storage SOP Instance UID follows the new
                // SOP Instance UID, no source AE title); otherwise the file's own meta supplies what the dataset lacks.
                var toWrite = _deidentifier is null ? file : new DicomFile(DicomDataset.Empty, dataset, syntax);
                var fileId = directory.Add(dataset, syntax.Uid);
                var bytes = WriteEntry(zip, string.Join('/', fileId), CompressionLevel.NoCompression,
                    stream => DicomFileWriter.Write(stream, toWrite, new DicomWriterOptions { TransferSyntax = syntax }, cancellationToken));
                written++;
                dicomBytes += bytes;
                await Report(onItem, new ExportItemResult(instance, TransferItemState.Done, bytes, warning), cancellationToken).ConfigureAwait(false);
            }
            var dicomDir = directory.Build();
            WriteEntry(zip, DicomDirEntryName, CompressionLevel.Fastest, stream => stream.Write(dicomDir));
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new StudyZipResult(written, skipped, failed, dicomBytes, flagged);
    }

    /// <summary>Writes one entry synchronously (this runs on the producer's worker thread, into the pipe).</summary>
    private static long WriteEntry(ZipArchive zip, string name, CompressionLevel level, Action<Stream> write)
    {
        var entry = zip.CreateEntry(name, level);
        using var entryStream = entry.Open();
        var counter = new CountingStream(entryStream);
        write(counter);
        return counter.BytesWritten;
    }

    private static Task Report(Func<ExportItemResult, CancellationToken, Task>? onItem, ExportItemResult result, CancellationToken cancellationToken) =>
        onItem is null ? Task.CompletedTask : onItem(result, cancellationToken);

    /// <summary>Counts what is written through it (the size of one entry before the ZIP's own framing).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesWritten { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            BytesWritten += buffer.Length;
        }
    }
}
