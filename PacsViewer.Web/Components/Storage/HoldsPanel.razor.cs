using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using PacsViewer.Core.Storage;

namespace PacsViewer.Web.Components.Storage;

/// <summary>Active holds with their release, and a form to place one by Study Instance UID with a reason (Admin, audited).</summary>
public sealed partial class HoldsPanel
{
    private IReadOnlyList<StudyHold>? _holds;
    private string? _studyUid;
    private string? _reason;
    private string? _error;
    private bool _busy;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private StudyHoldService Holds { get; set; } = default!;

    protected override async Task OnInitializedAsync() => _holds = await Holds.ListActiveAsync();

    private Task PlaceAsync() => RunAsync(async user =>
    {
        await Holds.PlaceAsync(_studyUid ?? "", _reason ?? "", user);
        _studyUid = null;
        _reason = null;
    });

    private Task ReleaseAsync(long id) => RunAsync(user => Holds.ReleaseAsync(id, user));

    private async Task RunAsync(Func<ClaimsPrincipal, Task> action)
    {
        var user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        _busy = true;
        _error = null;
        try
        {
            await action(user);
        }
        catch (StorageException e)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
        _holds = await Holds.ListActiveAsync();
    }
}
