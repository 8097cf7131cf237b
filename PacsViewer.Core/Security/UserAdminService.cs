using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Data;

namespace PacsViewer.Core.Security;

/// <summary>
/// User and role administration (issue 7) with its rules: roles are those of <see cref="PacsRoles"/>, passwords follow
/// the policy (<c>Auth:Password</c>), an admin cannot disable themselves or take away their own Admin role, and the last
/// enabled Admin can neither be disabled nor lose the role. Each change returns the <see cref="AuditEntry"/> that
/// describes it (object: the user changed; never a password), for the caller to record with its own user.
/// Changes are serialised in this process, so two admins cannot each remove the other as the last Admin.
/// </summary>
public sealed class UserAdminService(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    /// <summary>The <see cref="AuditEntry.ObjectType"/> of a user account.</summary>
    public const string AuditObjectType = "User";

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Every user by user name, with roles and state.</summary>
    public async Task<IReadOnlyList<UserAdminSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PacsViewerDbContext>();
        var users = await db.Users.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var rolesByUser = roles.ToLookup(r => r.UserId, r => r.Name ?? "");
        var now = time.GetUtcNow();
        return users
            .Select(u => new UserAdminSummary(
                u.UserName ?? "",
                u.DisplayName,
                rolesByUser[u.Id].Order(StringComparer.Ordinal).ToList(),
                u.DisabledAt,
                u.LockoutEnd is { } end && end > now ? end : null,
                u.MustChangePassword))
            .OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Creates a user with roles and an initial password (checked against the policy).</summary>
    public async Task<AuditEntry> CreateAsync(UserAdminNewUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var userName = user.UserName.Trim();
        if (userName.Length == 0)
        {
            throw new UserAdminException("Enter a user name.");
        }
        var roles = CheckRoles(user.Roles);
        return await UnderGateAsync(async users =>
        {
            if (await users.FindByNameAsync(userName).ConfigureAwait(false) is not null)
            {
                throw new UserAdminException($"A user named {userName} exists already.");
            }
            var created = new PacsUser
            {
                UserName = userName,
                DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? userName : user.DisplayName.Trim(),
                EmailConfirmed = true,
                MustChangePassword = user.MustChangePassword,
            };
            Check(await users.CreateAsync(created, user.Password).ConfigureAwait(false));
            var added = await users.AddToRolesAsync(created, roles).ConfigureAwait(false);
            if (!added.Succeeded)
            {
                await users.DeleteAsync(created).ConfigureAwait(false);
                Check(added);
            }
            return Entry(AuditActions.UserChanged, userName,
                $"created with roles {string.Join(',', roles)}{(user.MustChangePassword ? "; must change password" : "")}");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets <paramref name="userName"/>'s roles to exactly <paramref name="roles"/>.</summary>
    public async Task<AuditEntry> SetRolesAsync(string actorUserName, string userName, IReadOnlyList<string> roles, CancellationToken cancellationToken = default)
    {
        var wanted = CheckRoles(roles);
        return await UnderGateAsync(async users =>
        {
            var user = await FindAsync(users, userName).ConfigureAwait(false);
            var current = (await users.GetRolesAsync(user).ConfigureAwait(false)).Order(StringComparer.Ordinal).ToList();
            if (current.SequenceEqual(wanted, StringComparer.Ordinal))
            {
                throw new UserAdminException($"{user.UserName} has these roles already.");
            }
            if (current.Contains(PacsRoles.Admin) && !wanted.Contains(PacsRoles.Admin))
            {
                if (Same(actorUserName, user))
                {
                    throw new UserAdminException("You cannot remove your own Admin role; ask another admin.");
                }
                if (user.DisabledAt is null && await EnabledAdminCountAsync(users).ConfigureAwait(false) <= 1)
                {
                    throw new UserAdminException($"{user.UserName} is the last enabled Admin; make another user Admin first.");
                }
            }
            Check(await users.RemoveFromRolesAsync(user, current.Except(wanted, StringComparer.Ordinal)).ConfigureAwait(false));
            Check(await users.AddToRolesAsync(user, wanted.Except(current, StringComparer.Ordinal)).ConfigureAwait(false));
            return Entry(AuditActions.RoleChanged, user.UserName!, $"roles {Roles(current)} -> {Roles(wanted)}");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disables the account: sign-in is refused and the security stamp changes, so live sessions end at their next check.</summary>
    public async Task<AuditEntry> DisableAsync(string actorUserName, string userName, CancellationToken cancellationToken = default) =>
        await UnderGateAsync(async users =>
        {
            var user = await FindAsync(users, userName).ConfigureAwait(false);
            if (user.DisabledAt is not null)
            {
                throw new UserAdminException($"{user.UserName} is disabled already.");
            }
            if (Same(actorUserName, user))
            {
                throw new UserAdminException("You cannot disable your own account.");
            }
            if (await users.IsInRoleAsync(user, PacsRoles.Admin).ConfigureAwait(false) && await EnabledAdminCountAsync(users).ConfigureAwait(false) <= 1)
            {
                throw new UserAdminException($"{user.UserName} is the last enabled Admin and cannot be disabled.");
            }
            user.DisabledAt = time.GetUtcNow();
            // UpdateSecurityStampAsync saves the user too: the flag and the new stamp in one update.
            Check(await users.UpdateSecurityStampAsync(user).ConfigureAwait(false));
            return Entry(AuditActions.UserChanged, user.UserName!, "disabled");
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>Enables a disabled account again.</summary>
    public async Task<AuditEntry> EnableAsync(string userName, CancellationToken cancellationToken = default) =>
        await UnderGateAsync(async users =>
        {
            var user = await FindAsync(users, userName).ConfigureAwait(false);
            if (user.DisabledAt is null)
            {
                throw new UserAdminException($"{user.UserName} is enabled already.");
            }
            user.DisabledAt = null;
            Check(await users.UpdateAsync(user).ConfigureAwait(false));
            return Entry(AuditActions.UserChanged, user.UserName!, "enabled");
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>Ends a lockout after failed sign-ins and clears the failure count.</summary>
    public async Task<AuditEntry> UnlockAsync(string userName, CancellationToken cancellationToken = default) =>
        await UnderGateAsync(async users =>
        {
            var user = await FindAsync(users, userName).ConfigureAwait(false);
            Check(await users.SetLockoutEndDateAsync(user, null).ConfigureAwait(false));
            Check(await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false));
            return Entry(AuditActions.UserChanged, user.UserName!, "lockout cleared");
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Sets a new password chosen by an admin (checked against the policy before the old one is removed); the user must
    /// change it at the next sign-in, and live sessions end (new security stamp).
    /// </summary>
    public async Task<AuditEntry> ResetPasswordAsync(string userName, string newPassword, CancellationToken cancellationToken = default) =>
        await UnderGateAsync(async users =>
        {
            var user = await FindAsync(users, userName).ConfigureAwait(false);
            var errors = new List<IdentityError>();
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, user, newPassword).ConfigureAwait(false);
                errors.AddRange(result.Errors);
            }
            if (errors.Count > 0)
            {
                Check(IdentityResult.Failed([.. errors]));
            }
            user.MustChangePassword = true;
            Check(await users.RemovePasswordAsync(user).ConfigureAwait(false));
            Check(await users.AddPasswordAsync(user, newPassword).ConfigureAwait(false));
            return Entry(AuditActions.UserChanged, user.UserName!, "password reset by an admin; must change password");
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>How many users hold the Admin role and are not disabled.</summary>
    public async Task<int> EnabledAdminCountAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        cancellationToken.ThrowIfCancellationRequested();
        return await EnabledAdminCountAsync(scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>()).ConfigureAwait(false);
    }

    public void Dispose() => _gate.Dispose();

    private static async Task<int> EnabledAdminCountAsync(UserManager<PacsUser> users) =>
        (await users.GetUsersInRoleAsync(PacsRoles.Admin).ConfigureAwait(false)).Count(u => u.DisabledAt is null);

    private async Task<AuditEntry> UnderGateAsync(Func<UserManager<PacsUser>, Task<AuditEntry>> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await change(scope.ServiceProvider.GetRequiredService<UserManager<PacsUser>>()).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<PacsUser> FindAsync(UserManager<PacsUser> users, string userName) =>
        await users.FindByNameAsync(userName).ConfigureAwait(false) ?? throw new UserAdminException($"There is no user named {userName}.");

    private static bool Same(string actorUserName, PacsUser user) =>
        string.Equals(actorUserName, user.UserName, StringComparison.OrdinalIgnoreCase);

    private static List<string> CheckRoles(IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var unknown = roles.Where(r => !PacsRoles.All.Contains(r, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new UserAdminException($"Unknown role: {string.Join(", ", unknown)}.");
        }
        var wanted = roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return wanted.Count > 0 ? wanted : throw new UserAdminException("Choose at least one role.");
    }

    private static string Roles(IReadOnlyList<string> roles) => roles.Count == 0 ? "(none)" : string.Join(',', roles);

    private static AuditEntry Entry(string action, string userName, string detail) =>
        new(action) { ObjectType = AuditObjectType, ObjectId = userName, Detail = detail };

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new UserAdminException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
