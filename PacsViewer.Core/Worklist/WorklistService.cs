using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Worklist;

/// <summary>
/// The worklist: studies of every configured source (kept in step by <see cref="WorklistSynchronizer"/>) with their
/// reading state, paged, sorted and filtered in the database; priors; the clinicians' patient search; priority and
/// assignment; saved filters per user (<c>WorklistService.Filters.cs</c>). Each call uses its own short-lived context.
/// </summary>
public sealed partial class WorklistService(PacsViewerDatabase database, IWorklistNotifier notifier, IOptions<WorklistOptions> options,
    TimeProvider time)
{
    private readonly WorklistOptions _options = options.Value;

    /// <summary>One page of the worklist for <paramref name="userName"/> (used by "assigned to me").</summary>
    public async Task<WorklistPage> QueryAsync(WorklistPageRequest request, string? userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Offset < 0 || request.Limit < 1 || request.Limit > _options.MaxPageSize)
        {
            throw new WorklistException($"A worklist page needs offset >= 0 and 1 to {_options.MaxPageSize} rows (asked: offset {request.Offset}, {request.Limit} rows)");
        }
        await using var db = database.CreateContext();
        var query = Apply(db.WorklistEntries.AsNoTracking(), request.Filter, userName);
        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        // The page's Ids first, then their rows (a deferred join): the offset rows are skipped inside the sort index
        // (PostgreSQL's index-only scan) instead of each being fetched from the table only to be thrown away.
        var pageIds = Sort(query, request.SortBy, request.Descending).Skip(request.Offset).Take(request.Limit).Select(e => e.Id);
        var rows = await Sort(db.WorklistEntries.AsNoTracking().Where(e => pageIds.Contains(e.Id)), request.SortBy, request.Descending)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return new WorklistPage(rows.Select(r => ToItem(r, now)).ToList(), total);
    }

    /// <summary>One study's worklist row, or null when the worklist does not know it.</summary>
    public async Task<WorklistItem?> GetAsync(StudyKey study, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        await using var db = database.CreateContext();
        var row = await db.WorklistEntries.AsNoTracking()
            .FirstOrDefaultAsync(e => e.SourceName == study.SourceName && e.StudyInstanceUid == study.StudyInstanceUid, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : ToItem(row, time.GetUtcNow());
    }

    /// <summary>The patient's other studies (same Patient ID, any source), newest first.</summary>
    public async Task<IReadOnlyList<WorklistItem>> GetPriorsAsync(StudyKey study, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        await using var db = database.CreateContext();
        var patientId = await db.WorklistEntries.AsNoTracking()
            .Where(e => e.SourceName == study.SourceName && e.StudyInstanceUid == study.StudyInstanceUid)
            .Select(e => e.PatientId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(patientId))
        {
            return [];
        }
        var rows = await db.WorklistEntries.AsNoTracking()
            .Where(e => e.PatientId == patientId && !(e.SourceName == study.SourceName && e.StudyInstanceUid == study.StudyInstanceUid))
            .OrderByDescending(e => e.StudyDate).ThenByDescending(e => e.StudyTime)
            .Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return rows.Select(r => ToItem(r, now)).ToList();
    }

    /// <summary>
    /// The clinicians' search: a patient's studies (newest first) with whether a Final report exists. At least one
    /// key is required, so a ward PC never lists every patient.
    /// </summary>
    public async Task<IReadOnlyList<PatientStudy>> SearchPatientStudiesAsync(PatientSearch search, int limit = 100,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        if (search.IsEmpty)
        {
            throw new WorklistException("Give a patient name, ID or birth date to search");
        }
        var filter = new WorklistFilter { PatientName = search.PatientName, PatientId = search.PatientId };
        await using var db = database.CreateContext();
        var query = Apply(db.WorklistEntries.AsNoTracking(), filter, null);
        if (search.BirthDate is { } birth)
        {
            var da = Da(birth);
            query = query.Where(e => e.PatientBirthDate == da);
        }
        var rows = await query.OrderByDescending(e => e.StudyDate).ThenByDescending(e => e.StudyTime)
            .Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return rows.Select(r => new PatientStudy(ToItem(r, now), r.Status is ReadingStatus.Final or ReadingStatus.Amended)).ToList();
    }

    /// <summary>Sets a study's reading priority.</summary>
    public Task SetPriorityAsync(StudyKey study, ReadingPriority priority, CancellationToken cancellationToken = default) =>
        UpdateStateAsync(study, e => e.SetProperty(x => x.Priority, priority), cancellationToken);

    /// <summary>Assigns a study to a radiologist (null: unassigned).</summary>
    public Task AssignAsync(StudyKey study, string? userName, CancellationToken cancellationToken = default) =>
        UpdateStateAsync(study, e => e.SetProperty(x => x.AssignedTo, string.IsNullOrWhiteSpace(userName) ? null : userName), cancellationToken);

    private async Task UpdateStateAsync(StudyKey study, Action<UpdateSettersBuilder<WorklistEntry>> set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        var now = time.GetUtcNow();
        await using var db = database.CreateContext();
        var updated = await db.WorklistEntries
            .Where(e => e.SourceName == study.SourceName && e.StudyInstanceUid == study.StudyInstanceUid)
            .ExecuteUpdateAsync(s =>
            {
                set(s);
                s.SetProperty(x => x.UpdatedAt, now);
            }, cancellationToken).ConfigureAwait(false);
        if (updated == 0)
        {
            throw new WorklistException($"Study {study.StudyInstanceUid} of {study.SourceName} is not on the worklist");
        }
        notifier.Publish(new WorklistChange(WorklistChangeKind.StateChanged, study.SourceName, study.StudyInstanceUid));
    }

    internal static IQueryable<WorklistEntry> Apply(IQueryable<WorklistEntry> query, WorklistFilter filter, string? userName)
    {
        if (!DicomWildcard.IsUniversal(filter.PatientName))
        {
            query = Match(query, e => e.PatientNameKey, filter.PatientName!.ToUpperInvariant());
        }
        if (!DicomWildcard.IsUniversal(filter.PatientId))
        {
            query = Match(query, e => e.PatientId, filter.PatientId!);
        }
        if (!DicomWildcard.IsUniversal(filter.AccessionNumber))
        {
            query = Match(query, e => e.AccessionNumber, filter.AccessionNumber!);
        }
        if (!DicomWildcard.IsUniversal(filter.StudyDescription))
        {
            query = Match(query, e => e.StudyDescriptionKey, filter.StudyDescription!.ToUpperInvariant());
        }
        if (!string.IsNullOrWhiteSpace(filter.Modality))
        {
            var modality = new string(filter.Modality.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();
            var pattern = $"%|{modality}|%";
            query = query.Where(e => EF.Functions.Like(e.ModalitiesKey, pattern));
        }
        if (filter.StudyDateFrom is { } from)
        {
            var da = Da(from);
            query = query.Where(e => string.Compare(e.StudyDate, da) >= 0);
        }
        if (filter.StudyDateTo is { } to)
        {
            var da = Da(to);
            query = query.Where(e => string.Compare(e.StudyDate, da) <= 0);
        }
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            var list = statuses.Distinct().ToList();
            query = query.Where(e => list.Contains(e.Status));
        }
        if (filter.Priorities is { Count: > 0 } priorities)
        {
            var list = priorities.Distinct().ToList();
            query = query.Where(e => list.Contains(e.Priority));
        }
        if (filter.AssignedToMe)
        {
            query = query.Where(e => e.AssignedTo == userName);
        }
        if (filter.Unassigned)
        {
            query = query.Where(e => e.AssignedTo == null);
        }
        if (!string.IsNullOrEmpty(filter.SourceName))
        {
            query = query.Where(e => e.SourceName == filter.SourceName);
        }
        return query;
    }

    /// <summary>
    /// Exact match, or LIKE with the wild cards translated (PS3.4 C.2.2.2.4). A key with a literal prefix before its
    /// first wild card also gets the range <c>prefix &lt;= column &lt; next(prefix)</c>, implied by the LIKE, so the
    /// column's index is used (SQLite's LIKE is case-insensitive and skips a plain index; PostgreSQL's skips one
    /// unless the column's collation is C). These columns compare bytewise on both providers (SQLite's BINARY, the
    /// C collation on PostgreSQL), so the range holds exactly the strings starting with the prefix.
    /// </summary>
    private static IQueryable<WorklistEntry> Match(IQueryable<WorklistEntry> query, Expression<Func<WorklistEntry, string?>> column, string key)
    {
        var parameter = column.Parameters[0];
        Expression body;
        if (DicomWildcard.HasWildcards(key))
        {
            var like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
                [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
            body = Expression.Call(like, Expression.Constant(EF.Functions), column.Body,
                Expression.Constant(DicomWildcard.ToLikePattern(key)), Expression.Constant(DicomWildcard.LikeEscape.ToString()));
            if (PrefixRange(key) is var (low, high))
            {
                var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
                var zero = Expression.Constant(0);
                body = Expression.AndAlso(Expression.AndAlso(
                    Expression.GreaterThanOrEqual(Expression.Call(compare, column.Body, Expression.Constant(low)), zero),
                    Expression.LessThan(Expression.Call(compare, column.Body, Expression.Constant(high)), zero)), body);
            }
        }
        else
        {
            body = Expression.Equal(column.Body, Expression.Constant(key, typeof(string)));
        }
        return query.Where(Expression.Lambda<Func<WorklistEntry, bool>>(body, parameter));
    }

    /// <summary>
    /// The bytewise range of the strings starting with the key's literal prefix (before its first wild card), or null
    /// when there is none or its last character cannot be stepped within the Basic Multilingual Plane. Stepping the last
    /// UTF-16 code unit is a step in code point order, which is UTF-8 byte order, below the surrogates.
    /// </summary>
    internal static (string Low, string High)? PrefixRange(string key)
    {
        var prefix = key[..key.AsSpan().IndexOfAny('*', '?')];
        if (prefix.Length == 0 || prefix[^1] >= 0xD7FF)
        {
            return null;
        }
        return (prefix, string.Concat(prefix.AsSpan(0, prefix.Length - 1), [(char)(prefix[^1] + 1)]));
    }

    private static IQueryable<WorklistEntry> Sort(IQueryable<WorklistEntry> query, WorklistSortField field, bool descending)
    {
        IOrderedQueryable<WorklistEntry> sorted = field switch
        {
            WorklistSortField.Priority => descending
                ? query.OrderByDescending(e => e.Priority).ThenBy(e => e.StudyDate).ThenBy(e => e.StudyTime)
                : query.OrderBy(e => e.Priority).ThenByDescending(e => e.StudyDate).ThenByDescending(e => e.StudyTime),
            WorklistSortField.StudyDate => descending
                ? query.OrderByDescending(e => e.StudyDate).ThenByDescending(e => e.StudyTime)
                : query.OrderBy(e => e.StudyDate).ThenBy(e => e.StudyTime),
            WorklistSortField.PatientName => By(query, e => e.PatientNameKey, descending),
            WorklistSortField.PatientId => By(query, e => e.PatientId, descending),
            WorklistSortField.AccessionNumber => By(query, e => e.AccessionNumber, descending),
            WorklistSortField.Modality => By(query, e => e.Modalities, descending),
            WorklistSortField.StudyDescription => By(query, e => e.StudyDescriptionKey, descending),
            WorklistSortField.Status => descending ? query.OrderByDescending(e => e.Status) : query.OrderBy(e => e.Status),
            WorklistSortField.AssignedTo => By(query, e => e.AssignedTo, descending),
            _ => throw new WorklistException($"Unknown sort column {field}"),
        };
        // A stable order, so pages never repeat or skip rows; the Id runs the same way as the sort, so that one index
        // (column, Id) read forwards or backwards gives both directions (PacsViewerDbContext's worklist indexes).
        return descending ? sorted.ThenByDescending(e => e.Id) : sorted.ThenBy(e => e.Id);
    }

    private static IOrderedQueryable<WorklistEntry> By(IQueryable<WorklistEntry> query, Expression<Func<WorklistEntry, string?>> key, bool descending) =>
        descending ? query.OrderByDescending(key) : query.OrderBy(key);

    internal static string Da(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    internal static WorklistItem ToItem(WorklistEntry e, DateTimeOffset now)
    {
        var live = e.LockedBy is not null && e.LockExpiresAt is { } expires && expires > now;
        return new WorklistItem(e.Id, e.SourceName, e.StudyInstanceUid, e.PatientName, e.PatientId, e.PatientBirthDate, e.PatientSex,
            DateOnly.TryParseExact(e.StudyDate, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
            e.AccessionNumber, e.Modalities, e.StudyDescription, e.Status, e.Priority, e.AssignedTo,
            live ? e.LockedBy : null, live ? e.LockExpiresAt : null);
    }
}
