using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Audit;

/// <summary>
/// Searches the audit trail for the admin page and the exports. Every filter is part of the SQL query (on SQLite the
/// times are sortable integers, see <see cref="SqlitePacsViewerDbContext"/>, and the comparison still runs in the
/// database); newest first, ties by id. Read-only: nothing here changes the trail.
/// </summary>
public sealed class AuditQueryService(PacsViewerDatabase database)
{
    /// <summary>One page of matching events and the total count.</summary>
    /// <exception cref="AuditQueryException">The query cannot be run (see <see cref="Validate"/>).</exception>
    public async Task<AuditSearchResult> SearchAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        Validate(query);
        await using var db = database.CreateContext();
        var filtered = Filter(db, query);
        var total = await filtered.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await Newest(filtered).Skip(query.Offset).Take(Math.Min(query.Limit, AuditQuery.MaxLimit))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new AuditSearchResult(rows, total);
    }

    /// <summary>Every matching event, newest first, read as it is consumed (for the streamed exports); paging is ignored.</summary>
    public async IAsyncEnumerable<AuditEvent> StreamAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Validate(query with { Offset = 0, Limit = 1 });
        await using var db = database.CreateContext();
        await foreach (var row in Newest(Filter(db, query)).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    /// <exception cref="AuditQueryException">A time range ending before it starts, a negative offset or a limit below 1.</exception>
    public static void Validate(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.From is { } from && query.To is { } to && to < from)
        {
            throw new AuditQueryException("The time range ends before it starts");
        }
        if (query.Offset < 0 || query.Limit < 1)
        {
            throw new AuditQueryException($"A page starts at 0 or later and holds 1 to {AuditQuery.MaxLimit} events");
        }
    }

    private static IQueryable<AuditEvent> Filter(PacsViewerDbContext db, AuditQuery query)
    {
        var rows = db.AuditEvents.AsNoTracking();
        if (query.From is { } from)
        {
            // UTC, so SQLite's integer encoding (ticks and offset) orders like the instants.
            var utc = from.ToUniversalTime();
            rows = rows.Where(e => e.OccurredAt >= utc);
        }
        if (query.To is { } to)
        {
            var utc = to.ToUniversalTime();
            rows = rows.Where(e => e.OccurredAt < utc);
        }
        if (Trimmed(query.UserName) is { } user)
        {
            rows = rows.Where(e => e.UserName == user);
        }
        var actions = query.Actions.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.Ordinal).ToArray();
        if (actions.Length > 0)
        {
            rows = rows.Where(e => actions.Contains(e.Action));
        }
        if (query.Outcome is { } outcome)
        {
            rows = rows.Where(e => e.Outcome == outcome);
        }
        if (Trimmed(query.PatientId) is { } patientId)
        {
            rows = rows.Where(e => e.PatientId == patientId);
        }
        if (Trimmed(query.StudyInstanceUid) is { } study)
        {
            rows = rows.Where(e => e.StudyInstanceUid == study);
        }
        if (Trimmed(query.SourceName) is { } source)
        {
            rows = rows.Where(e => e.SourceName == source);
        }
        if (query.EmergencyOnly)
        {
            rows = rows.Where(e => e.Emergency);
        }
        return rows;
    }

    private static IQueryable<AuditEvent> Newest(IQueryable<AuditEvent> rows) => rows.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id);

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
