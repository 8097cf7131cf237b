using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;

namespace PacsViewer.Core.Reporting;

/// <summary>
/// Report templates (per modality and body part) and reusable phrases: anyone signed in reads them, only admins
/// create, change or delete them. Every change is audited (<see cref="AuditActions.ConfigurationChanged"/>) in the
/// change's own transaction.
/// </summary>
public sealed class ReportTemplateService(PacsViewerDatabase database, TimeProvider time)
{
    /// <summary>Templates fitting a study, best first: exact modality and body part, then modality only, then generic.</summary>
    public async Task<IReadOnlyList<ReportTemplate>> FindTemplatesAsync(string? modality, string? bodyPart, CancellationToken cancellationToken = default)
    {
        var m = Normalize(modality);
        var b = Normalize(bodyPart);
        await using var db = database.CreateContext();
        var rows = await db.ReportTemplates.AsNoTracking()
            .Where(t => (t.Modality == null || t.Modality == m) && (t.BodyPart == null || t.BodyPart == b))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderByDescending(t => (t.Modality is null ? 0 : 2) + (t.BodyPart is null ? 0 : 1)).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<ReportTemplate>> ListTemplatesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.ReportTemplates.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates (id 0) or updates a template; returns its id.</summary>
    public async Task<long> SaveTemplateAsync(long id, string name, string? modality, string? bodyPart, ReportContent content, ClaimsPrincipal admin,
        CancellationToken cancellationToken = default)
    {
        RequireAdmin(admin);
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 128)
        {
            throw new ReportStateException("A template needs a name of 1 to 128 characters");
        }
        await using var db = database.CreateContext();
        ReportTemplate template;
        if (id == 0)
        {
            template = db.ReportTemplates.Add(new ReportTemplate { Name = name }).Entity;
        }
        else
        {
            template = await db.ReportTemplates.FirstOrDefaultAsync(t => t.Id == id, cancellationToken).ConfigureAwait(false)
                ?? throw new ReportNotFoundException($"Template {id} not found");
        }
        template.Name = name.Trim();
        template.Modality = Normalize(modality);
        template.BodyPart = Normalize(bodyPart);
        template.SetContent(content);
        template.UpdatedAt = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.AuditEvents.Add(Audited(AuditObjectTypes.ReportTemplate, template.Id, admin,
            $"template {(id == 0 ? "created" : "changed")}: {template.Name} ({template.Modality ?? "any modality"}, {template.BodyPart ?? "any body part"})"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return template.Id;
    }

    public async Task<bool> DeleteTemplateAsync(long id, ClaimsPrincipal admin, CancellationToken cancellationToken = default)
    {
        RequireAdmin(admin);
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var name = await db.ReportTemplates.Where(t => t.Id == id).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (name is null || await db.ReportTemplates.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return false;
        }
        db.AuditEvents.Add(Audited(AuditObjectTypes.ReportTemplate, id, admin, $"template deleted: {name}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Phrases for a modality (and the generic ones), by label.</summary>
    public async Task<IReadOnlyList<ReportPhrase>> ListPhrasesAsync(string? modality, CancellationToken cancellationToken = default)
    {
        var m = Normalize(modality);
        await using var db = database.CreateContext();
        return await db.ReportPhrases.AsNoTracking().Where(p => p.Modality == null || m == null || p.Modality == m).OrderBy(p => p.Label)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates (id 0) or updates a phrase; returns its id.</summary>
    public async Task<long> SavePhraseAsync(long id, string label, string text, string? modality, ClaimsPrincipal admin,
        CancellationToken cancellationToken = default)
    {
        RequireAdmin(admin);
        if (string.IsNullOrWhiteSpace(label) || label.Length > 128 || string.IsNullOrWhiteSpace(text))
        {
            throw new ReportStateException("A phrase needs a label of 1 to 128 characters and a text");
        }
        await using var db = database.CreateContext();
        ReportPhrase phrase;
        if (id == 0)
        {
            phrase = db.ReportPhrases.Add(new ReportPhrase { Label = label, Text = text }).Entity;
        }
        else
        {
            phrase = await db.ReportPhrases.FirstOrDefaultAsync(p => p.Id == id, cancellationToken).ConfigureAwait(false)
                ?? throw new ReportNotFoundException($"Phrase {id} not found");
        }
        phrase.Label = label.Trim();
        phrase.Text = text;
        phrase.Modality = Normalize(modality);
        phrase.UpdatedAt = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        // The label only: a phrase's text is report text.
        db.AuditEvents.Add(Audited(AuditObjectTypes.ReportPhrase, phrase.Id, admin,
            $"phrase {(id == 0 ? "created" : "changed")}: {phrase.Label} ({phrase.Modality ?? "any modality"})"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return phrase.Id;
    }

    public async Task<bool> DeletePhraseAsync(long id, ClaimsPrincipal admin, CancellationToken cancellationToken = default)
    {
        RequireAdmin(admin);
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var label = await db.ReportPhrases.Where(p => p.Id == id).Select(p => p.Label).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (label is null || await db.ReportPhrases.Where(p => p.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return false;
        }
        db.AuditEvents.Add(Audited(AuditObjectTypes.ReportPhrase, id, admin, $"phrase deleted: {label}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private AuditEvent Audited(string objectType, long id, ClaimsPrincipal admin, string detail) =>
        DatabaseAuditLog.NewRow(new AuditEntry(AuditActions.ConfigurationChanged)
        {
            ObjectType = objectType, ObjectId = id.ToString(System.Globalization.CultureInfo.InvariantCulture), Detail = detail,
        }.By(admin), time.GetUtcNow());

    private static void RequireAdmin(ClaimsPrincipal admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        if (admin.Identity?.IsAuthenticated != true || !admin.IsInRole(PacsRoles.Admin))
        {
            throw new ReportAccessDeniedException("Only an administrator manages report templates and phrases");
        }
    }

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToUpperInvariant();
}
