using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Audit;

namespace PacsViewer.Core.Storage;

public sealed partial class RetentionService
{
    /// <summary>
    /// Deletes the studies <paramref name="plan"/> would delete (its protected ones are left), one at a time. Each is
    /// checked again inside the archive's delete, under its index lock: its rule must still be enabled, and a hold placed
    /// or a report started since the dry run protects it. A deleted study's worklist entry goes with it when it has no
    /// report; a Final report and its entry stay. Each deletion is audited as <see cref="AuditActions.StudyDeleted"/>.
    /// </summary>
    /// <param name="plan">A dry run (the one whose count the admin confirmed).</param>
    /// <param name="user">The admin applying it, or null for the automatic pass (<see cref="SystemUser"/>).</param>
    /// <param name="cancellationToken">Stops before the next study.</param>
    public async Task<RetentionApplyResult> ApplyAsync(RetentionPlan plan, ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (user is not null)
        {
            StorageAdmin.Require(user);
        }
        var deleted = new List<RetentionCandidate>();
        var skipped = new List<RetentionCandidate>();
        foreach (var candidate in plan.WouldDelete)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArchiveDeleteResult result;
            try
            {
                result = await archive.DeleteStudyAsync(candidate.StudyInstanceUid, token => VetoAsync(candidate, token), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is StudySourceException or DbException or DbUpdateException or IOException or InvalidOperationException)
            {
                LogDeleteFailed(e, candidate.StudyInstanceUid);
                skipped.Add(candidate with { Protection = $"failed: {e.Message}" });
                continue;
            }
            switch (result.Outcome)
            {
                case ArchiveDeleteOutcome.Deleted:
                    var done = candidate with { Objects = result.Objects, Bytes = result.Bytes };
                    deleted.Add(done);
                    LogDeleted(candidate.StudyInstanceUid, candidate.RuleId, result.Objects, result.Bytes);
                    await RecordAsync(new AuditEntry(AuditActions.StudyDeleted)
                    {
                        SourceName = archive.Id, StudyInstanceUid = candidate.StudyInstanceUid, PatientId = candidate.PatientId,
                        PatientName = candidate.PatientName, ObjectType = AuditObjectTypes.RetentionRule,
                        ObjectId = candidate.RuleId.ToString(CultureInfo.InvariantCulture),
                        Detail = Truncate($"retention rule \"{candidate.RuleName}\": {result.Objects} objects, {result.Bytes} bytes deleted"
                            + (result.FilesLeft > 0 ? $" ({result.FilesLeft} files could not be removed from the disk)" : "")),
                    }, user, cancellationToken).ConfigureAwait(false);
                    break;
                case ArchiveDeleteOutcome.NotFound:
                    skipped.Add(candidate with { Protection = "no longer in the archive" });
                    break;
                default:
                    skipped.Add(candidate with { Protection = result.Reason });
                    break;
            }
        }
        return new RetentionApplyResult(deleted, skipped);
    }

    /// <summary>
    /// The last check, run by the archive under its index lock just before the study's rows go: the rule, holds and
    /// reports again; then the study's worklist entry is removed when it has no report (one statement, so a report
    /// created meanwhile makes it fail and protects the study). Null lets the delete proceed.
    /// </summary>
    private async Task<string?> VetoAsync(RetentionCandidate candidate, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var ruleId = candidate.RuleId;
        if (!await db.RetentionRules.AnyAsync(r => r.Id == ruleId && r.Enabled, cancellationToken).ConfigureAwait(false))
        {
            return $"rule \"{candidate.RuleName}\" was disabled or deleted";
        }
        var protections = await ProtectionsAsync([candidate.StudyInstanceUid], cancellationToken).ConfigureAwait(false);
        if (protections.TryGetValue(candidate.StudyInstanceUid, out var reason))
        {
            return reason;
        }
        var sourceName = archive.Id;
        var uid = candidate.StudyInstanceUid;
        try
        {
            await db.WorklistEntries
                .Where(e => e.SourceName == sourceName && e.StudyInstanceUid == uid && !db.Reports.Any(r => r.WorklistEntryId == e.Id))
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException)
        {
            return "a report was started on it just now";
        }
        return null;
    }
}
