using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using PacsViewer.Core.Distribution;

namespace PacsViewer.Web.Components.Pages.Admin;

/// <summary>
/// Which roles may Send, Export, Export de-identified and Upload (<see cref="DistributionPermissionService"/>): a
/// checkbox per action and role, saved together; the service checks the Admin role again and audits each changed action.
/// </summary>
public sealed partial class DistributionPage
{
    private Dictionary<DistributionAction, HashSet<string>>? _roles;
    private IReadOnlyDictionary<DistributionAction, IReadOnlyList<string>>? _current;
    private bool _busy;
    private bool _dirty;
    private bool _saved;
    private string? _error;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private DistributionPermissionService Permissions { get; set; } = default!;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        _current = await Permissions.GetAllAsync();
        _roles = _current.ToDictionary(p => p.Key, p => p.Value.ToHashSet(StringComparer.Ordinal));
        _dirty = false;
    }

    private void Toggle(DistributionAction action, string role, bool allowed)
    {
        if (allowed)
        {
            _roles![action].Add(role);
        }
        else
        {
            _roles![action].Remove(role);
        }
        _dirty = true;
        _saved = false;
    }

    private async Task SaveAsync()
    {
        _busy = true;
        _error = null;
        try
        {
            var user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
            foreach (var (action, roles) in _roles!)
            {
                if (!roles.SetEquals(_current![action]))
                {
                    await Permissions.SetAsync(action, roles, user);
                }
            }
            await ReloadAsync();
            _saved = true;
        }
        catch (Exception e) when (e is TransferJobAccessDeniedException or ArgumentException)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private static string ActionText(DistributionAction action) => action switch
    {
        DistributionAction.Send => "Send to another destination",
        DistributionAction.Export => "Download (as stored)",
        DistributionAction.ExportDeidentified => "Download de-identified",
        DistributionAction.Upload => "Upload files",
        _ => action.ToString(),
    };
}
