using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Audit;
using PacsViewer.Core.Security;
using PacsViewer.Web.Security;

namespace PacsViewer.Web.Components.Pages.Admin;

/// <summary>
/// User and role administration for admins (<see cref="UserAdminService"/>, which holds the rules): list, create,
/// change roles, disable and enable, unlock, reset a password. Every change, and every refused change, is audited
/// (<see cref="RequestAudit"/>: UserChanged / RoleChanged, the user changed as the object; never a password).
/// </summary>
public sealed partial class UsersPage
{
    private IReadOnlyList<UserAdminSummary>? _users;
    private UserAdminSummary? _selected;
    private readonly HashSet<string> _newRoles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _editRoles = new(StringComparer.Ordinal);
    private string? _newUserName;
    private string? _newDisplayName;
    private string? _newPassword;
    private string? _resetPassword;
    private string? _error;
    private string? _done;
    private bool _busy;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private UserAdminService UserAdmin { get; set; } = default!;

    [Inject]
    private RequestAudit Audit { get; set; } = default!;

    [Inject]
    private IOptions<IdentityOptions> IdentityOptions { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private string PolicyText => IdentityPasswordPolicy.Describe(IdentityOptions.Value.Password);

    protected override async Task OnInitializedAsync() => _users = await UserAdmin.ListAsync();

    private static void Toggle(HashSet<string> roles, string role, bool on)
    {
        if (on)
        {
            roles.Add(role);
        }
        else
        {
            roles.Remove(role);
        }
    }

    private void Select(UserAdminSummary user)
    {
        _selected = user;
        _editRoles.Clear();
        _editRoles.UnionWith(user.Roles);
        _resetPassword = null;
    }

    private string StateText(UserAdminSummary u)
    {
        var parts = new List<string>();
        if (u.DisabledAt is { } disabled)
        {
            parts.Add($"Disabled since {Local(disabled)}");
        }
        if (u.LockedOutUntil is { } until)
        {
            parts.Add($"Locked out until {Local(until)}");
        }
        if (u.MustChangePassword)
        {
            parts.Add("Must change password");
        }
        return parts.Count == 0 ? "Active" : string.Join("; ", parts);
    }

    private string Local(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, Time.LocalTimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private Task CreateAsync() => ChangeAsync(AuditActions.UserChanged, _newUserName, async _ =>
    {
        var entry = await UserAdmin.CreateAsync(new UserAdminNewUser(_newUserName ?? "", _newDisplayName ?? "", [.. _newRoles], _newPassword ?? ""));
        _newUserName = _newDisplayName = _newPassword = null;
        _newRoles.Clear();
        return entry;
    }, "User created.");

    private Task SaveRolesAsync() => ChangeAsync(AuditActions.RoleChanged, _selected?.UserName,
        actor => UserAdmin.SetRolesAsync(actor, _selected!.UserName, [.. _editRoles]), "Roles saved.");

    private Task DisableAsync() => ChangeAsync(AuditActions.UserChanged, _selected?.UserName,
        actor => UserAdmin.DisableAsync(actor, _selected!.UserName), "User disabled; their sessions end within a minute.");

    private Task EnableAsync() => ChangeAsync(AuditActions.UserChanged, _selected?.UserName,
        _ => UserAdmin.EnableAsync(_selected!.UserName), "User enabled.");

    private Task UnlockAsync() => ChangeAsync(AuditActions.UserChanged, _selected?.UserName,
        _ => UserAdmin.UnlockAsync(_selected!.UserName), "Lockout cleared.");

    private Task ResetPasswordAsync() => ChangeAsync(AuditActions.UserChanged, _selected?.UserName, async _ =>
    {
        var entry = await UserAdmin.ResetPasswordAsync(_selected!.UserName, _resetPassword ?? "");
        _resetPassword = null;
        return entry;
    }, "Password reset; the user must change it at the next sign-in.");

    /// <summary>
    /// Runs one change as the signed-in admin (checked again here: a role taken away mid-session stops at once), records
    /// it, reloads the list; a refusal is shown and recorded as a minor failure.
    /// </summary>
    private async Task ChangeAsync(string action, string? objectId, Func<string, Task<AuditEntry>> change, string done)
    {
        _error = null;
        _done = null;
        _busy = true;
        var user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        try
        {
            if (!user.IsInRole(PacsRoles.Admin) || user.Identity?.Name is not { } actor)
            {
                throw new UserAdminException("Only an admin may change users.");
            }
            var entry = await change(actor);
            await Audit.RecordAsync(entry, user);
            _done = done;
        }
        catch (UserAdminException e)
        {
            _error = e.Message;
            await Audit.RecordAsync(new AuditEntry(action, AuditOutcome.MinorFailure)
            {
                ObjectType = UserAdminService.AuditObjectType, ObjectId = objectId, Detail = "refused: " + e.Message,
            }, user);
        }
        finally
        {
            _busy = false;
        }
        _users = await UserAdmin.ListAsync();
        if (_selected is { } selected)
        {
            var fresh = _users.FirstOrDefault(u => u.UserName == selected.UserName);
            if (fresh is null)
            {
                _selected = null;
            }
            else
            {
                Select(fresh);
            }
        }
    }
}
