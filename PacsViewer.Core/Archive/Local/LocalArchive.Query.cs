using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Data;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;

namespace PacsViewer.Core.Archive.Local;

/// <remarks>
/// Matching (PS3.4 C.2.2.2): UIDs match exactly; Patient's Name and Study Description match ignoring case (the
/// index keeps an upper-cased copy, which PS3.4 C.2.2.2.4 permits for PN); Patient ID and Accession Number are
/// case-sensitive, as the standard requires. <c>*</c> and <c>?</c> are wild cards in all text keys.
/// </remarks>
public sealed partial class LocalArchive
{
    /// <inheritdoc/>
    /// <remarks>Newest study date first; at most <see cref="StudyQuery.Limit"/> (or <see cref="ArchiveOptions.MaxQueryResults"/>).</remarks>
    public async IAsyncEnumerable<DicomDataset> SearchStudiesAsync(StudyQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit ?? _options.MaxQueryResults, 0, _options.MaxQueryResults);
        await using var db = _database.CreateContext();
        var studies = Filter(db, query)
            .OrderByDescending(s => s.StudyDate)
            .ThenByDescending(s => s.StudyTime)
            .ThenByDescending(s => s.Id)
            .Skip(Math.Max(0, query.Offset))
            .Take(limit)
            .Select(s => new StudyRow(s, s.Series.Count, s.Series.SelectMany(x => x.Instances).Count()));
        var rows = await RunAsync(studies.ToListAsync(cancellationToken)).ConfigureAwait(false);
        foreach (var row in rows)
        {
            yield return QueryResults.Study(row.Study, row.SeriesCount, row.InstanceCount);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<DicomDataset> SearchSeriesAsync(string studyInstanceUid,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        await using var db = _database.CreateContext();
        var series = db.Series.Where(s => s.Study!.StudyInstanceUid == studyInstanceUid)
            .OrderBy(s => s.SeriesNumber).ThenBy(s => s.Id)
            .Take(_options.MaxQueryResults)
            .Select(s => new SeriesRow(s, s.Instances.Count));
        var rows = await RunAsync(series.ToListAsync(cancellationToken)).ConfigureAwait(false);
        foreach (var row in rows)
        {
            yield return QueryResults.Series(studyInstanceUid, row.Series, row.InstanceCount);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<DicomDataset> SearchInstancesAsync(string studyInstanceUid, string seriesInstanceUid,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var instance in await InstancesAsync(studyInstanceUid, seriesInstanceUid, cancellationToken).ConfigureAwait(false))
        {
            yield return QueryResults.Instance(studyInstanceUid, seriesInstanceUid, instance);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Each file's header is read up to its pixel data, in instance number order.</remarks>
    public async IAsyncEnumerable<DicomDataset> GetSeriesMetadataAsync(string studyInstanceUid, string seriesInstanceUid,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var options = new DicomReaderOptions { StopBeforePixelData = true };
        foreach (var instance in await InstancesAsync(studyInstanceUid, seriesInstanceUid, cancellationToken).ConfigureAwait(false))
        {
            var file = await ReadStoredAsync(instance.FilePath, options, cancellationToken).ConfigureAwait(false);
            yield return file.Dataset;
        }
    }

    private async Task<List<InstanceRecord>> InstancesAsync(string studyInstanceUid, string seriesInstanceUid, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        await using var db = _database.CreateContext();
        var instances = db.Instances.AsNoTracking()
            .Where(i => i.Series!.SeriesInstanceUid == seriesInstanceUid && i.Series.Study!.StudyInstanceUid == studyInstanceUid)
            .OrderBy(i => i.InstanceNumber).ThenBy(i => i.Id)
            .Take(_options.MaxQueryResults * 10);
        return await RunAsync(instances.ToListAsync(cancellationToken)).ConfigureAwait(false);
    }

    private async Task<string?> FindFileAsync(InstanceKey key, CancellationToken cancellationToken)
    {
        await using var db = _database.CreateContext();
        var query = db.Instances
            .Where(i => i.SopInstanceUid == key.SopInstanceUid && i.Series!.SeriesInstanceUid == key.SeriesInstanceUid
                && i.Series.Study!.StudyInstanceUid == key.StudyInstanceUid)
            .Select(i => i.FilePath);
        return await RunAsync(query.FirstOrDefaultAsync(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The study rows matching the query's keys (PS3.4 C.2.2.2).</summary>
    private IQueryable<StudyRecord> Filter(ArchiveDbContext db, StudyQuery query)
    {
        IQueryable<StudyRecord> studies = db.Studies.AsNoTracking();
        if (!string.IsNullOrEmpty(query.StudyInstanceUid))
        {
            var uid = query.StudyInstanceUid;
            studies = studies.Where(s => s.StudyInstanceUid == uid);
        }
        if (!DicomWildcard.IsUniversal(query.PatientName))
        {
            var key = query.PatientName!.ToUpperInvariant();
            studies = DicomWildcard.HasWildcards(key)
                ? studies.Where(s => EF.Functions.Like(s.PatientNameKey!, DicomWildcard.ToLikePattern(key), DicomWildcard.LikeEscape.ToString()))
                : studies.Where(s => s.PatientNameKey == key);
        }
        if (!DicomWildcard.IsUniversal(query.StudyDescription))
        {
            var key = query.StudyDescription!.ToUpperInvariant();
            studies = DicomWildcard.HasWildcards(key)
                ? studies.Where(s => EF.Functions.Like(s.StudyDescriptionKey!, DicomWildcard.ToLikePattern(key), DicomWildcard.LikeEscape.ToString()))
                : studies.Where(s => s.StudyDescriptionKey == key);
        }
        if (!DicomWildcard.IsUniversal(query.PatientId))
        {
            studies = MatchCaseSensitive(studies, query.PatientId!, isPatientId: true);
        }
        if (!DicomWildcard.IsUniversal(query.AccessionNumber))
        {
            studies = MatchCaseSensitive(studies, query.AccessionNumber!, isPatientId: false);
        }
        if (query.PatientBirthDate is { } birth)
        {
            var date = DicomDateTime.FormatDate(birth);
            studies = studies.Where(s => s.PatientBirthDate == date);
        }
        // PS3.4 C.2.2.2.5 range matching; DA values compare as yyyyMMdd text.
        if (query.StudyDateFrom is { } from)
        {
            var date = DicomDateTime.FormatDate(from);
            studies = studies.Where(s => string.Compare(s.StudyDate, date) >= 0);
        }
        if (query.StudyDateTo is { } to)
        {
            var date = DicomDateTime.FormatDate(to);
            studies = studies.Where(s => string.Compare(s.StudyDate, date) <= 0);
        }
        if (!DicomWildcard.IsUniversal(query.Modality))
        {
            // Modalities in Study (0008,0061) matches when any series has the modality (PS3.4 C.6.2.1.2).
            var modality = query.Modality!;
            studies = studies.Where(s => s.Series.Any(x => x.Modality == modality));
        }
        return studies;
    }

    /// <summary>Case-sensitive wild card matching: GLOB on SQLite (whose LIKE ignores case), LIKE on PostgreSQL.</summary>
    private IQueryable<StudyRecord> MatchCaseSensitive(IQueryable<StudyRecord> studies, string key, bool isPatientId)
    {
        if (!DicomWildcard.HasWildcards(key))
        {
            return isPatientId ? studies.Where(s => s.PatientId == key) : studies.Where(s => s.AccessionNumber == key);
        }
        if (_database.Provider == DatabaseProvider.Sqlite)
        {
            var glob = DicomWildcard.ToGlobPattern(key);
            return isPatientId
                ? studies.Where(s => EF.Functions.Glob(s.PatientId!, glob))
                : studies.Where(s => EF.Functions.Glob(s.AccessionNumber!, glob));
        }
        var like = DicomWildcard.ToLikePattern(key);
        var escape = DicomWildcard.LikeEscape.ToString();
        return isPatientId
            ? studies.Where(s => EF.Functions.Like(s.PatientId!, like, escape))
            : studies.Where(s => EF.Functions.Like(s.AccessionNumber!, like, escape));
    }

    /// <summary>Runs a database call, reporting a failing database as a failing source.</summary>
    private async Task<T> RunAsync<T>(Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException && e is not ObjectDisposedException)
        {
            throw new StudySourceException(Id, $"the archive index could not be queried: {e.Message}", e);
        }
    }

    private sealed record StudyRow(StudyRecord Study, int SeriesCount, int InstanceCount);

    private sealed record SeriesRow(SeriesRecord Series, int InstanceCount);
}
