using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Archive.Local;
using PacsViewer.Core.Archive.Local.Index;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Storage;

/// <summary>
/// Retention of the built-in archive: admins manage <see cref="RetentionRule"/>s (RetentionService.Rules.cs), a dry run
/// lists what the enabled rules would delete and what they match but is protected (RetentionService.DryRun.cs), and an
/// apply deletes a dry run's studies, each re-checked inside the archive's delete (RetentionService.Apply.cs).
/// A study is protected while a hold is active on it, while its report on the archive's worklist is a draft or
/// preliminary, and (<see cref="StorageRetentionOptions.ProtectUnreported"/>, on by default) while it has no Final report.
/// </summary>
public sealed partial class RetentionService(ArchiveDatabase archiveDatabase, LocalArchive archive, PacsViewerDatabase database,
    IAuditLog audit, IOptions<StorageOptions> options, TimeProvider time, ILogger<RetentionService> logger)
{
    /// <summary>The audit trail's user name of the automatic pass.</summary>
    public const string SystemUser = "system:retention";

    /// <summary>Every rule, by name.</summary>
    public async Task<IReadOnlyList<RetentionRule>> ListRulesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var rules = await db.RetentionRules.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return rules.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private Task RecordAsync(AuditEntry entry, ClaimsPrincipal? user, CancellationToken cancellationToken) =>
        audit.RecordAsync(user is null ? entry with { UserName = SystemUser } : entry.By(user), cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention rule {RuleId} changed: {Detail}")]
    private partial void LogRuleChanged(int ruleId, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted study {StudyInstanceUid} by rule {RuleId}: {Objects} objects, {Bytes} bytes")]
    private partial void LogDeleted(string studyInstanceUid, int ruleId, long objects, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention could not delete study {StudyInstanceUid}")]
    private partial void LogDeleteFailed(Exception exception, string studyInstanceUid);
}
