using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;
using PacsViewer.Core.Security;

namespace PacsViewer.Core.Distribution;

/// <summary>
/// The roles allowed to send, export, export de-identified and upload, as an admin set them (<see cref="DistributionPermission"/>
/// rows), or the defaults: Radiologist and Admin; for a de-identified export also Clinician. Read through a short cache
/// (every send button asks); a change is saved with its audit record (ConfigurationChanged) in one transaction.
/// </summary>
public sealed class DistributionPermissionService(PacsViewerDatabase database, TimeProvider time) : IDistributionPermissions
{
    private static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<DistributionAction, IReadOnlyList<string>>? _cached;
    private DateTimeOffset _cachedUntil;

    /// <summary>The roles allowed when an admin set nothing for <paramref name="action"/>.</summary>
    public static IReadOnlyList<string> DefaultRoles(DistributionAction action) => action == DistributionAction.ExportDeidentified
        ? [PacsRoles.Radiologist, PacsRoles.Clinician, PacsRoles.Admin]
        : [PacsRoles.Radiologist, PacsRoles.Admin];

    public async Task<bool> IsAllowedAsync(ClaimsPrincipal user, DistributionAction action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }
        var roles = await GetAllAsync(cancellationToken).ConfigureAwait(false);
        return roles.TryGetValue(action, out var allowed) && allowed.Any(user.IsInRole);
    }

    /// <summary>Every action with the roles allowed to use it (the admin's setting or the default).</summary>
    public async Task<IReadOnlyDictionary<DistributionAction, IReadOnlyList<string>>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_cached is not null && now < _cachedUntil)
            {
                return _cached;
            }
        }
        List<DistributionPermission> rows;
        await using (var db = database.CreateContext())
        {
            rows = await db.DistributionPermissions.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        }
        var result = new Dictionary<DistributionAction, IReadOnlyList<string>>();
        foreach (var action in Enum.GetValues<DistributionAction>())
        {
            var row = rows.FirstOrDefault(r => r.Action == action);
            result[action] = row is null ? DefaultRoles(action) : Parse(row.AllowedRoles);
        }
        lock (_gate)
        {
            _cached = result;
            _cachedUntil = now + CacheDuration;
        }
        return result;
    }

    /// <summary>
    /// Sets the roles allowed to use <paramref name="action"/> (an Admin only; unknown role names are refused) and
    /// records the change (ConfigurationChanged, object DistributionPermission, id the action).
    /// </summary>
    public async Task SetAsync(DistributionAction action, IEnumerable<string> roles, ClaimsPrincipal admin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(admin);
        if (!Enum.IsDefined(action))
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "unknown distribution action");
        }
        if (!admin.IsInRole(PacsRoles.Admin))
        {
            throw new TransferJobAccessDeniedException("Only an administrator can change who may send, export and upload");
        }
        var list = roles.Distinct(StringComparer.Ordinal).ToList();
        var unknown = list.Where(r => !PacsRoles.All.Contains(r, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown role(s): {string.Join(", ", unknown)}", nameof(roles));
        }
        var ordered = PacsRoles.All.Where(list.Contains).ToList();
        var joined = string.Join(',', ordered);
        var now = time.GetUtcNow();
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.DistributionPermissions.FirstOrDefaultAsync(p => p.Action == action, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new DistributionPermission { Action = action };
            db.DistributionPermissions.Add(row);
        }
        row.AllowedRoles = joined;
        row.UpdatedAt = now;
        row.UpdatedBy = admin.Identity?.Name;
        db.AuditEvents.Add(DatabaseAuditLog.NewRow(new AuditEntry(AuditActions.ConfigurationChanged)
        {
            ObjectType = AuditObjectTypes.DistributionPermission,
            ObjectId = action.ToString(),
            Detail = $"{action} allowed to: {(ordered.Count == 0 ? "nobody" : string.Join(", ", ordered))}",
        }.By(admin), now));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _cached = null;
        }
    }

    private static string[] Parse(string roles) =>
        roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
