using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;
using PacsViewer.Web.Reporting;

namespace PacsViewer.Web.Components.Pages.Viewer;

/// <summary>
/// Reading from the viewer: a radiologist opening a study claims its reading lock (<see cref="ReadingLock"/>, renewed
/// while the circuit is connected, released when the page goes away); when another radiologist holds it, the page
/// and the report panel are read-only and say who holds it. Clinicians and admins never claim. The claim is made
/// once the page is interactive, never while prerendering (a prerendered page is disposed at once).
/// </summary>
public sealed partial class ViewerPage
{
    private ReadingLock? _readingLock;
    private string? _readingStudy;
    private ClaimsPrincipal _reader = new(new ClaimsIdentity());
    private ReadingAccess? _access;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private StudyLockService Locks { get; set; } = null!;

    [Inject]
    private ReadingLockRegistry LockRegistry { get; set; } = null!;

    [Inject]
    private ReadingCircuit ReadingCircuit { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    [Inject]
    private IOptions<ReportEditorOptions> EditorOptions { get; set; } = null!;

    [Inject]
    private IOptions<WorklistOptions> WorklistSettings { get; set; } = null!;

    [Inject]
    private ILogger<ViewerPage> Logger { get; set; } = null!;

    private StudyKey ReadingStudy => new(SourceId, _study?.StudyInstanceUid ?? StudyInstanceUid);

    /// <summary>The viewer's measurements as report text, for the report panel.</summary>
    private IReadOnlyList<string> MeasurementTexts => _state.Measurements.Select(m => MeasurementText.Format(m, _study)).ToList();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_study is null || _readingStudy == _study.StudyInstanceUid)
        {
            return;
        }
        _readingStudy = _study.StudyInstanceUid;
        await StartReadingAsync();
        StateHasChanged();
    }

    private async Task StartReadingAsync()
    {
        await StopReadingAsync();
        _access = null;
        _reader = AuthenticationState is null ? new ClaimsPrincipal(new ClaimsIdentity()) : (await AuthenticationState).User;
        var userName = _reader.Identity?.Name;
        if (_reader.Identity?.IsAuthenticated != true || userName is null || !_reader.IsInRole(PacsRoles.Radiologist))
        {
            _access = ReadingAccess.ReadOnly;
            return;
        }
        var hold = new ReadingLock(Locks, LockRegistry, ReadingStudy, userName, Time, EditorOptions.Value.LockRenewInterval,
            () => ReadingCircuit.IsConnected, Logger);
        try
        {
            var result = await hold.ClaimAsync(_cancel.Token);
            if (result.Acquired)
            {
                _readingLock = hold;
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
        if (_readingLock is { } hold)
        {
            await hold.StopAsync();
        }
    }

    private async Task StopReadingAsync()
    {
        if (_readingLock is { } hold)
        {
            _readingLock = null;
            hold.Lost -= OnLockLost;
            await hold.DisposeAsync();
        }
    }

    /// <summary>Called from <see cref="Dispose"/>: the release runs in the background (it is a database update).</summary>
    private void DisposeReading()
    {
        if (_readingLock is { } hold)
        {
            _readingLock = null;
            hold.Lost -= OnLockLost;
            hold.ReleaseInBackground();
        }
    }
}
