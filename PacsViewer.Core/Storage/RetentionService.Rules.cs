using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Audit;

namespace PacsViewer.Core.Storage;

public sealed partial class RetentionService
{
    /// <summary>Creates or changes a rule (Admin only); optimistic concurrency on <see cref="RetentionRule.Version"/>; audited.</summary>
    public async Task<RetentionRule> SaveRuleAsync(RetentionRuleEdit edit, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        StorageAdmin.Require(user);
        var name = (edit.Name ?? "").Trim();
        var modality = string.IsNullOrWhiteSpace(edit.Modality) ? null : edit.Modality.Trim().ToUpperInvariant();
        Validate(name, modality, edit.MinAgeDays, edit.AgeBasis);
        await using var db = database.CreateContext();
        if (await db.RetentionRules.AnyAsync(r => r.Name == name && r.Id != edit.Id, cancellationToken).ConfigureAwait(false))
        {
            throw new StorageException($"A retention rule named \"{name}\" exists already.");
        }
        var now = time.GetUtcNow();
        RetentionRule rule;
        string detail;
        if (edit.IsNew)
        {
            rule = new RetentionRule { CreatedAt = now };
            db.RetentionRules.Add(rule);
            detail = "created";
        }
        else
        {
            rule = await db.RetentionRules.FirstOrDefaultAsync(r => r.Id == edit.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new StorageConflictException($"Retention rule \"{name}\"");
            db.Entry(rule).Property(r => r.Version).OriginalValue = edit.Version;
            detail = $"changed from \"{Describe(rule)}\"";
        }
        rule.Name = name;
        rule.Modality = modality;
        rule.MinAgeDays = edit.MinAgeDays;
        rule.AgeBasis = edit.AgeBasis;
        rule.Enabled = edit.Enabled;
        rule.UpdatedAt = now;
        rule.UpdatedBy = user.Identity?.Name;
        rule.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new StorageConflictException($"Retention rule \"{name}\"", e);
        }
        catch (DbUpdateException e)
        {
            throw new StorageException($"Retention rule \"{name}\" could not be saved (a rule of that name may exist already).", e);
        }
        detail = $"rule \"{rule.Name}\" {detail}: {Describe(rule)}";
        await RecordAsync(new AuditEntry(AuditActions.ConfigurationChanged)
        {
            ObjectType = AuditObjectTypes.RetentionRule, ObjectId = rule.Id.ToString(CultureInfo.InvariantCulture), Detail = Truncate(detail),
        }, user, cancellationToken).ConfigureAwait(false);
        LogRuleChanged(rule.Id, detail);
        return rule;
    }

    /// <summary>Deletes a rule (Admin only) if nobody changed it since <paramref name="version"/>; audited.</summary>
    public async Task DeleteRuleAsync(int id, Guid version, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        StorageAdmin.Require(user);
        await using var db = database.CreateContext();
        var rule = await db.RetentionRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false)
            ?? throw new StorageConflictException($"Retention rule {id}");
        db.Entry(rule).Property(r => r.Version).OriginalValue = version;
        db.RetentionRules.Remove(rule);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new StorageConflictException($"Retention rule \"{rule.Name}\"", e);
        }
        var detail = $"rule \"{rule.Name}\" deleted (was: {Describe(rule)})";
        await RecordAsync(new AuditEntry(AuditActions.ConfigurationChanged)
        {
            ObjectType = AuditObjectTypes.RetentionRule, ObjectId = id.ToString(CultureInfo.InvariantCulture), Detail = Truncate(detail),
        }, user, cancellationToken).ConfigureAwait(false);
        LogRuleChanged(id, detail);
    }

    /// <summary>"CT studies older than 365 days by study date, enabled".</summary>
    public static string Describe(RetentionRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var what = rule.Modality is null ? "any study" : $"{rule.Modality} studies";
        var basis = rule.AgeBasis == RetentionAgeBasis.StudyDate ? "study date" : "date received";
        return $"{what} older than {rule.MinAgeDays} days by {basis}, {(rule.Enabled ? "enabled" : "disabled")}";
    }

    private static void Validate(string name, string? modality, int minAgeDays, RetentionAgeBasis basis)
    {
        if (name.Length is 0 or > 128)
        {
            throw new StorageException("A retention rule needs a name of 1 to 128 characters.");
        }
        // A modality is a Code String (PS3.5 6.2: upper case, digits, space, underscore; 16 at most).
        if (modality is not null && (modality.Length > 16 || !modality.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_')))
        {
            throw new StorageException($"\"{modality}\" is not a modality (letters, digits and _ only, 16 at most, e.g. CT).");
        }
        if (minAgeDays < 1 || minAgeDays > 365 * 200)
        {
            throw new StorageException("A retention rule's minimum age must be between 1 and 73000 days.");
        }
        if (!Enum.IsDefined(basis))
        {
            throw new StorageException("Unknown age basis.");
        }
    }

    private static string Truncate(string text) => text.Length <= AuditColumns.DetailLength ? text : text[..AuditColumns.DetailLength];
}
