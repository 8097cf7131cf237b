using Microsoft.EntityFrameworkCore;

namespace PacsViewer.Core.Archive.Local;

public sealed partial class LocalArchive
{
    /// <summary>
    /// Deletes one study (all its series and instances) from the archive: the index rows in one transaction, then the
    /// files. A crash between the two leaves files no index row names (orphans, never served), never an index row
    /// naming a missing file. Runs under the index lock, so no object of the study is indexed meanwhile by this process.
    /// </summary>
    /// <param name="studyInstanceUid">The study.</param>
    /// <param name="veto">
    /// Called under the index lock once the study is found, just before its rows are removed: a non-null answer (why not)
    /// leaves everything as it is. Retention re-checks holds and reports here, so a report started after its dry run
    /// protects the study.
    /// </param>
    /// <param name="cancellationToken">Cancels before the index transaction commits; files are then not touched.</param>
    public async Task<ArchiveDeleteResult> DeleteStudyAsync(string studyInstanceUid, Func<CancellationToken, Task<string?>>? veto = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        List<string> files;
        long bytes;
        await _indexLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = _database.CreateContext();
            var studyId = await db.Studies.Where(s => s.StudyInstanceUid == studyInstanceUid).Select(s => (long?)s.Id)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (studyId is not { } id)
            {
                return new ArchiveDeleteResult(studyInstanceUid, ArchiveDeleteOutcome.NotFound);
            }
            if (veto is not null && await veto(cancellationToken).ConfigureAwait(false) is { } reason)
            {
                return new ArchiveDeleteResult(studyInstanceUid, ArchiveDeleteOutcome.Vetoed, Reason: reason);
            }
            var instances = await db.Instances.Where(i => i.Series!.StudyId == id).Select(i => new { i.FilePath, i.FileSize })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            files = instances.Select(i => i.FilePath).ToList();
            bytes = instances.Sum(i => i.FileSize);
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await db.Instances.Where(i => i.Series!.StudyId == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await db.Series.Where(s => s.StudyId == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await db.Studies.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _indexLock.Release();
        }
        // The rows are gone: from here on a file is at worst an orphan. Only files under objects/ are touched.
        var left = 0;
        foreach (var relative in files)
        {
            var full = Path.GetFullPath(Path.Combine(RootPath, relative));
            if (!Dicom.IO.DicomDir.FileIdResolver.IsUnder(full, ObjectsPath))
            {
                left++;
                continue;
            }
            try
            {
                File.Delete(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                left++;
            }
        }
        return new ArchiveDeleteResult(studyInstanceUid, ArchiveDeleteOutcome.Deleted, files.Count, bytes, FilesLeft: left);
    }
}
