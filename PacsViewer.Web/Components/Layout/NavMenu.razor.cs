using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using PacsViewer.Core.Distribution;

namespace PacsViewer.Web.Components.Layout;

/// <summary>
/// The main menu. Most links follow fixed roles (<c>AuthorizeView</c>); the Upload link follows the Upload permission an
/// admin sets (<see cref="IDistributionPermissions"/>), the same check as the upload page and <c>POST /api/uploads</c>.
/// </summary>
public sealed partial class NavMenu
{
    private Task<AuthenticationState>? _checkedState;
    private bool _mayUpload;
    private bool _uploadChecked;

    /// <summary>Whether the Upload permission was checked for the current user: <c>pending</c>, <c>allowed</c> or <c>denied</c>.</summary>
    private string UploadState => !_uploadChecked ? "pending" : _mayUpload ? "allowed" : "denied";

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>
    /// The permission service when the host registered it; a host without it (a component rendered on its own) applies
    /// the default roles of <see cref="DistributionPermissionService.DefaultRoles"/>.
    /// </summary>
    [Inject]
    private IEnumerable<IDistributionPermissions> Permissions { get; set; } = [];

    protected override async Task OnParametersSetAsync()
    {
        if (ReferenceEquals(AuthenticationState, _checkedState))
        {
            return;
        }
        _checkedState = AuthenticationState;
        _uploadChecked = false;
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        if (user?.Identity?.IsAuthenticated != true)
        {
            _mayUpload = false;
        }
        else if (Permissions.FirstOrDefault() is { } permissions)
        {
            _mayUpload = await permissions.IsAllowedAsync(user, DistributionAction.Upload);
        }
        else
        {
            _mayUpload = DistributionPermissionService.DefaultRoles(DistributionAction.Upload).Any(user.IsInRole);
        }
        _uploadChecked = true;
    }
}
