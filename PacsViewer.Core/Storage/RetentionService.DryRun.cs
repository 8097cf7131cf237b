using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Reporting;

namespace PacsViewer.Core.Storage;

public sealed partial class RetentionService
{
    /// <summary>
    /// Lists every study of the built-in archive the enabled rules match (each once, under the first matching rule by id),
    /// with its size and, for a protected one, why it stays. Deletes nothing.
    /// </summary>
    public async Task<RetentionPlan> DryRunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        List<RetentionRule> rules;
        await using (var db = database.CreateContext())
        {
            rules = await db.RetentionRules.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        }
        var matched = new Dictionary<string, (StudyRow Study, RetentionRule Rule)>(StringComparer.Ordinal);
        await using (var adb = archiveDatabase.CreateContext())
        {
            foreach (var rule in rules)
            {
                foreach (var study in await MatchAsync(adb, rule, now, cancellationToken).ConfigureAwait(false))
                {
                    matched.TryAdd(study.StudyInstanceUid, (study, rule));
                }
            }
            var ids = matched.Values.Select(m => m.Study.Id).ToList();
            var sizes = ids.Count == 0 ? [] : await adb.Instances.Where(i => ids.Contains(i.Series!.StudyId))
                .GroupBy(i => i.Series!.StudyId)
                .Select(g => new { StudyId = g.Key, Objects = g.LongCount(), Bytes = g.Sum(i => i.FileSize) })
                .ToDictionaryAsync(x => x.StudyId, cancellationToken).ConfigureAwait(false);
            var protections = await ProtectionsAsync(matched.Keys.ToList(), cancellationToken).ConfigureAwait(false);
            var candidates = matched.Values.Select(m =>
            {
                sizes.TryGetValue(m.Study.Id, out var size);
                protections.TryGetValue(m.Study.StudyInstanceUid, out var protection);
                return new RetentionCandidate(m.Study.StudyInstanceUid, m.Study.PatientName, m.Study.PatientId, m.Study.ModalitiesInStudy,
                    m.Study.StudyDate, m.Study.ReceivedAt, size?.Objects ?? 0, size?.Bytes ?? 0, m.Rule.Id, m.Rule.Name, protection);
            }).OrderBy(c => c.StudyDate ?? "", StringComparer.Ordinal).ThenBy(c => c.StudyInstanceUid, StringComparer.Ordinal).ToList();
            return new RetentionPlan(now, candidates);
        }
    }

    /// <summary>The archive's studies old enough for <paramref name="rule"/> (and of its modality, when it names one).</summary>
    private static async Task<List<StudyRow>> MatchAsync(Archive.Local.Index.ArchiveDbContext adb, RetentionRule rule, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var cutoff = now.AddDays(-rule.MinAgeDays);
        var cutoffDate = cutoff.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var query = adb.Studies.AsNoTracking();
        if (rule.Modality is { } modality)
        {
            query = query.Where(s => s.Series.Any(se => se.Modality == modality));
        }
        if (rule.AgeBasis == RetentionAgeBasis.StudyDate)
        {
            // Study Date is DA text (yyyyMMdd), compared as text; a study without one is judged by when it was received.
            query = query.Where(s => s.StudyDate == null || string.Compare(s.StudyDate, cutoffDate) <= 0);
        }
        var rows = await query.Select(s => new StudyRow(s.Id, s.StudyInstanceUid, s.PatientName, s.PatientId, s.StudyDate, s.ModalitiesInStudy, s.ReceivedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        // Receive times are compared here: SQLite cannot compare DateTimeOffset in SQL.
        return rows.Where(r => rule.AgeBasis == RetentionAgeBasis.StudyDate && IsDate(r.StudyDate)
            ? string.CompareOrdinal(r.StudyDate, cutoffDate) <= 0
            : r.ReceivedAt <= cutoff).ToList();
    }

    private static bool IsDate(string? da) =>
        da is { Length: 8 } && DateOnly.TryParseExact(da, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>
    /// Why each of <paramref name="studyUids"/> must stay, for those that must: an active hold, a draft or preliminary
    /// report on the archive's worklist entry, or (when <see cref="StorageRetentionOptions.ProtectUnreported"/>) no Final report.
    /// </summary>
    private async Task<Dictionary<string, string>> ProtectionsAsync(List<string> studyUids, CancellationToken cancellationToken)
    {
        var reasons = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string uid, string reason)
        {
            if (!reasons.TryGetValue(uid, out var list))
            {
                reasons[uid] = list = [];
            }
            list.Add(reason);
        }
        if (studyUids.Count == 0)
        {
            return [];
        }
        await using var db = database.CreateContext();
        var holds = await db.StudyHolds.AsNoTracking().Where(h => h.ReleasedAt == null && studyUids.Contains(h.StudyInstanceUid))
            .OrderBy(h => h.Id).Select(h => new { h.StudyInstanceUid, h.Reason }).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var hold in holds)
        {
            Add(hold.StudyInstanceUid, $"hold: {hold.Reason}");
        }
        var sourceName = archive.Id;
        var reports = await (from e in db.WorklistEntries.AsNoTracking()
                             where e.SourceName == sourceName && studyUids.Contains(e.StudyInstanceUid)
                             join r in db.Reports.AsNoTracking() on e.Id equals r.WorklistEntryId
                             select new { e.StudyInstanceUid, r.Status })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var status = reports.ToDictionary(r => r.StudyInstanceUid, r => r.Status, StringComparer.Ordinal);
        foreach (var uid in studyUids)
        {
            if (status.TryGetValue(uid, out var s))
            {
                if (s == ReportStatus.Draft)
                {
                    Add(uid, "unsigned report (draft)");
                }
                else if (s == ReportStatus.Preliminary)
                {
                    Add(uid, "unsigned report (preliminary)");
                }
            }
            else if (options.Value.Retention.ProtectUnreported)
            {
                Add(uid, "not reported yet (no Final report)");
            }
        }
        return reasons.ToDictionary(r => r.Key, r => string.Join("; ", r.Value), StringComparer.Ordinal);
    }

    /// <summary>What a dry run needs of one archive study.</summary>
    private sealed record StudyRow(long Id, string StudyInstanceUid, string? PatientName, string? PatientId, string? StudyDate, string? ModalitiesInStudy,
        DateTimeOffset ReceivedAt);
}
