using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Local;

public sealed partial class LocalArchive
{
    /// <inheritdoc/>
    /// <remarks>A duplicate SOP Instance UID is accepted (the stored object is kept); a refused object throws.</remarks>
    public async Task StoreAsync(DicomFile file, CancellationToken cancellationToken = default)
    {
        var result = await AddAsync(file, cancellationToken).ConfigureAwait(false);
        if (result.Outcome is ArchiveStoreOutcome.Rejected or ArchiveStoreOutcome.Skipped)
        {
            throw new StudySourceException(Id, $"the object was refused: {result.Reason}");
        }
    }

    /// <summary>Writes a dataset as a Part 10 file into the archive and indexes it.</summary>
    public async Task<ArchiveStoreResult> AddAsync(DicomFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var source = file.SopInstanceUid ?? "object";
        var staged = NewTempPath();
        try
        {
            await Task.Run(() =>
            {
                using var stream = CreateExclusive(staged);
                DicomFileWriter.Write(stream, file, cancellationToken: cancellationToken);
                stream.Flush(flushToDisk: true);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            TryDelete(staged);
            return new ArchiveStoreResult(source, ArchiveStoreOutcome.Rejected, file.SopInstanceUid, e.Message);
        }
        catch
        {
            TryDelete(staged);
            throw;
        }
        return await IndexStagedAsync(staged, source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies a Part 10 stream (at most <see cref="ArchiveOptions.MaxObjectBytes"/>) into the archive.</summary>
    public async Task<ArchiveStoreResult> AddAsync(Stream stream, string sourceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var staged = NewTempPath();
        try
        {
            await using (var target = CreateExclusive(staged))
            {
                var buffer = new byte[81920];
                long total = 0;
                int n;
                while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += n;
                    if (total > _options.MaxObjectBytes)
                    {
                        TryDelete(staged);
                        return new ArchiveStoreResult(sourceName, ArchiveStoreOutcome.Rejected, null,
                            $"larger than the archive's limit of {_options.MaxObjectBytes} bytes");
                    }
                    await target.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                }
                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
                // fsync: the bytes are on disk before the file is renamed into place and indexed.
                await Task.Run(() => target.Flush(flushToDisk: true), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            TryDelete(staged);
            throw;
        }
        return await IndexStagedAsync(staged, sourceName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies a file from anywhere into the archive (the source file is left as it is).</summary>
    public async Task<ArchiveStoreResult> AddFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                return await AddAsync(stream, path, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ArchiveStoreResult(path, ArchiveStoreOutcome.Rejected, null, $"could not be copied into the archive: {e.Message}");
        }
    }

    /// <summary>
    /// Takes over a file a receiver has already written durably under <see cref="IncomingPath"/>: it is moved into
    /// the archive by rename (no copy) and indexed; if it is a duplicate or refused, it is deleted.
    /// </summary>
    public Task<ArchiveStoreResult> AddIncomingFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!Dicom.IO.DicomDir.FileIdResolver.IsUnder(full, IncomingPath) || new FileInfo(full).LinkTarget is not null)
        {
            throw new ArgumentException($"{path} is not a file in the archive's incoming folder {IncomingPath}", nameof(path));
        }
        return IndexStagedAsync(full, Path.GetFileName(full), cancellationToken);
    }

    /// <summary>True when the index holds at least one study.</summary>
    public async Task<bool> HasStudiesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _database.CreateContext();
        return await db.Studies.AnyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Parses a durable file on the archive's filesystem, then (under the index lock) checks for a duplicate,
    /// renames it to its final name and records it. The staged file is gone afterwards in every outcome.
    /// </summary>
    private async Task<ArchiveStoreResult> IndexStagedAsync(string staged, string source, CancellationToken cancellationToken)
    {
        DicomFile file;
        long size;
        try
        {
            size = new FileInfo(staged).Length;
            if (size > _options.MaxObjectBytes)
            {
                TryDelete(staged);
                return new ArchiveStoreResult(source, ArchiveStoreOutcome.Rejected, null, $"larger than the archive's limit of {_options.MaxObjectBytes} bytes");
            }
            // The whole file is parsed (values deferred, so pixel data is not loaded): a truncated or corrupt
            // object is refused here rather than found out when someone opens it.
            file = await Task.Run(() => DicomFile.Open(staged, new DicomReaderOptions { DeferValuesLargerThan = DeferThreshold }, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        catch (DicomFormatException e)
        {
            TryDelete(staged);
            return new ArchiveStoreResult(source, ArchiveStoreOutcome.Rejected, null, $"not a readable DICOM file: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(staged);
            return new ArchiveStoreResult(source, ArchiveStoreOutcome.Rejected, null, $"cannot be read: {e.Message}");
        }

        if (file.SopClassUid == IndexedObject.DicomDirSopClass)
        {
            TryDelete(staged);
            return new ArchiveStoreResult(source, ArchiveStoreOutcome.Skipped, null, "a DICOMDIR (its referenced files are imported on their own)");
        }
        var name = Guid.NewGuid().ToString("N");
        var relative = $"objects/{name[..2]}/{name}.dcm";
        var record = IndexedObject.TryCreate(file, relative, size, _time.GetUtcNow(), out var reason);
        if (record is null)
        {
            TryDelete(staged);
            return new ArchiveStoreResult(source, ArchiveStoreOutcome.Rejected, file.SopInstanceUid, reason);
        }

        var sop = record.Instance.SopInstanceUid;
        await _indexLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = _database.CreateContext();
            if (await db.Instances.AnyAsync(i => i.SopInstanceUid == sop, cancellationToken).ConfigureAwait(false))
            {
                TryDelete(staged);
                NotifyIndexed(new InstanceKey(record.Study.StudyInstanceUid, record.Series.SeriesInstanceUid, sop));
                return new ArchiveStoreResult(source, ArchiveStoreOutcome.Duplicate, sop, "an object with this SOP Instance UID is already stored; the stored one is kept");
            }
            var final = Path.Combine(RootPath, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(staged, final, overwrite: false);
            string? conflict;
            try
            {
                conflict = await RecordAsync(db, record, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Not indexed, so not kept: an unindexed file would only be an orphan.
                TryDelete(final);
                throw;
            }
            if (conflict is not null)
            {
                TryDelete(final);
                return new ArchiveStoreResult(source, ArchiveStoreOutcome.Rejected, sop, conflict);
            }
            NotifyIndexed(new InstanceKey(record.Study.StudyInstanceUid, record.Series.SeriesInstanceUid, sop));
            return new ArchiveStoreResult(source, ArchiveStoreOutcome.Stored, sop);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
        {
            TryDelete(staged);
            throw new StudySourceException(Id, $"the index could not record {sop}: {e.Message}", e);
        }
        finally
        {
            _indexLock.Release();
        }
    }

    /// <summary>
    /// Adds the instance row, creating the study and series rows on first sight. Returns why not when the series
    /// is already stored under another study (inconsistent UIDs), else null.
    /// </summary>
    private static async Task<string?> RecordAsync(ArchiveDbContext db, IndexedObject record, CancellationToken cancellationToken)
    {
        var studyUid = record.Study.StudyInstanceUid;
        var seriesUid = record.Series.SeriesInstanceUid;
        var study = await db.Studies.FirstOrDefaultAsync(s => s.StudyInstanceUid == studyUid, cancellationToken).ConfigureAwait(false);
        if (study is null)
        {
            study = record.Study;
            db.Studies.Add(study);
        }
        var series = await db.Series.FirstOrDefaultAsync(s => s.SeriesInstanceUid == seriesUid, cancellationToken).ConfigureAwait(false);
        if (series is not null && series.StudyId != study.Id)
        {
            return $"series {seriesUid} is already stored under another study than {studyUid}";
        }
        if (series is null)
        {
            series = record.Series;
            series.Study = study;
            db.Series.Add(series);
            if (record.Series.Modality is { } modality)
            {
                var modalities = (study.ModalitiesInStudy ?? "").Split('\\', StringSplitOptions.RemoveEmptyEntries).Append(modality)
                    .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
                study.ModalitiesInStudy = string.Join('\\', modalities);
            }
        }
        var instance = record.Instance;
        instance.Series = series;
        db.Instances.Add(instance);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    private string NewTempPath()
    {
        Directory.CreateDirectory(TempPath);
        return Path.Combine(TempPath, Guid.NewGuid().ToString("N") + ".part");
    }

    private static FileStream CreateExclusive(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in tmp/ or incoming/; it is not indexed, so it is never served.
        }
    }
}
