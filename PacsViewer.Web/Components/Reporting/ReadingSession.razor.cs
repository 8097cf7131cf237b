using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;
using PacsViewer.Web.Reporting;

namespace PacsViewer.Web.Components.Reporting;

/// <summary>
/// Reading one study from the viewer: a radiologist claims its reading lock (<see cref="ReadingLock"/>, renewed while
/// the circuit is connected, released when this component goes away, i.e. the viewer is left or the circuit ends);
/// when another radiologist holds it, the report panel is read-only and says who holds it. Clinicians and admins
/// never claim. The viewer renders this only once interactive and signed in (a prerendered page is disposed at once).
/// </summary>
public sealed partial class ReadingSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private ReadingLock? _lock;
    private StudyKey? _claimedFor;
    private ReadingAccess? _access;

    [Inject]
    private StudyLockService Locks { get; set; } = null!;

    [Inject]
    private ReadingLockRegistry LockRegistry { get; set; } = null!;

    [Inject]
    private ReadingCircuit Circuit { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    [Inject]
    private IOptions<ReportEditorOptions> EditorOptions { get; set; } = null!;

    [Inject]
    private IOptions<WorklistOptions> WorklistSettings { get; set; } = null!;

    [Inject]
    private ILogger<ReadingSession> Logger { get; set; } = null!;

    [Parameter, EditorRequired]
    public StudyKey Study { get; set; } = null!;

    [Parameter, EditorRequired]
    public ClaimsPrincipal User { get; set; } = null!;

    [Parameter]
    public IReadOnlyList<string> Modalities { get; set; } = [];

    /// <summary>The study's Body Part Examined when known: templates for it are offered (else all of the modality's).</summary>
    [Parameter]
    public string? BodyPart { get; set; }

    /// <summary>The viewer's measurements as report text.</summary>
    [Parameter]
    public IReadOnlyList<string> Measurements { get; set; } = [];

    protected override async Task OnParametersSetAsync()
    {
        if (_claimedFor == Study)
        {
            return;
        }
        _claimedFor = Study;
        await StopAsync();
        _access = null;
        var userName = User.Identity?.Name;
        if (User.Identity?.IsAuthenticated != true || userName is null || !User.IsInRole(PacsRoles.Radiologist))
        {
            _access = ReadingAccess.ReadOnly;
            return;
        }
        var hold = new ReadingLock(Locks, LockRegistry, Study, userName, Time, EditorOptions.Value.LockRenewInterval, () => Circuit.IsConnected, Logger);
        try
        {
            var result = await hold.ClaimAsync(_cancel.Token);
            if (result.Acquired)
            {
                _lock = hold;
                hold.Lost += OnLockLost;
                _access = ReadingAccess.Editor;
            }
            else
            {
                await hold.DisposeAsync();
                _access = LockedAccess(result);
            }
        }
        catch (WorklistException e)
        {
            await hold.DisposeAsync();
            _access = ReadingAccess.Unavailable($"{e.Message}; the study can be viewed but not reported yet.");
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            await hold.DisposeAsync();
        }
    }

    private ReadingAccess LockedAccess(StudyLockResult result) =>
        ReadingAccess.Locked(result.HeldBy, result.ExpiresAt - WorklistSettings.Value.LockIdleTimeout);

    private void OnLockLost(StudyLockResult result) => _ = InvokeAsync(() =>
    {
        _access = LockedAccess(result);
        StateHasChanged();
    });

    /// <summary>The report was signed Final: the service released the lock, so stop renewing it.</summary>
    private async Task OnReportFinalizedAsync()
    {
        if (_lock is { } hold)
        {
            await hold.StopAsync();
        }
    }

    private async Task StopAsync()
    {
        if (_lock is { } hold)
        {
            _lock = null;
            hold.Lost -= OnLockLost;
            await hold.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        await StopAsync();
        _cancel.Dispose();
    }
}
