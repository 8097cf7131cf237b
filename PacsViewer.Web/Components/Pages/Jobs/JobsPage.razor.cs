using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Security;

namespace PacsViewer.Web.Components.Pages.Jobs;

/// <summary>
/// The user's transfer jobs (an Admin may show everybody's): state, progress (objects, bytes, rate), last error,
/// Cancel and Retry, the failed objects with their reasons, and the download of a finished export. Refreshed live:
/// once a second while a job shown is queued or running, and at once when this server's runner reports a change.
/// </summary>
public sealed partial class JobsPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _disposed = new();
    private IReadOnlyList<TransferJob>? _jobs;
    private TransferJobItemPage? _detailItems;
    private long? _detailId;
    private TransferJobState? _state;
    private ClaimsPrincipal _user = new();
    private bool _isAdmin;
    private bool _all;
    private bool _busy;
    private volatile bool _changed;
    private string? _error;
    private Task? _refreshLoop;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private TransferJobService Jobs { get; set; } = default!;

    [Inject]
    private TransferJobSignal Signal { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        _isAdmin = _user.IsInRole(PacsRoles.Admin);
        Signal.JobChanged += OnJobChanged;
        await ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _refreshLoop = RefreshLoopAsync(_disposed.Token);
        }
    }

    private void OnJobChanged(long jobId) => _changed = true;

    /// <summary>Reloads once a second while a job is active or a change was signalled; stops with the page.</summary>
    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var active = _jobs?.Any(j => j.State is TransferJobState.Queued or TransferJobState.Running) == true;
                if (!active && !_changed)
                {
                    continue;
                }
                _changed = false;
                await InvokeAsync(async () =>
                {
                    await ReloadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ReloadAsync()
    {
        _jobs = await Jobs.ListAsync(_user, new TransferJobQuery { All = _all, State = _state });
        if (_detailId is { } id)
        {
            _detailItems = await Jobs.GetItemsAsync(id, _user, 0, 100, failedOnly: true);
        }
    }

    private async Task SetAllAsync(bool all)
    {
        _all = all;
        await ReloadAsync();
    }

    private async Task SetStateAsync(TransferJobState? state)
    {
        _state = state;
        await ReloadAsync();
    }

    private async Task ToggleDetailAsync(long id)
    {
        if (_detailId == id)
        {
            _detailId = null;
            _detailItems = null;
            return;
        }
        _detailId = id;
        await ReloadAsync();
    }

    private Task CancelAsync(long id) => ChangeAsync(async () =>
    {
        if (!await Jobs.CancelAsync(id, _user))
        {
            _error = $"Job {id} has already finished.";
        }
    });

    private Task RetryAsync(long id) => ChangeAsync(async () =>
    {
        if (!await Jobs.RetryAsync(id, _user))
        {
            _error = $"Job {id} cannot be retried (only a failed or partly failed job can).";
        }
    });

    private async Task ChangeAsync(Func<Task> change)
    {
        _busy = true;
        _error = null;
        try
        {
            await change();
        }
        catch (TransferJobAccessDeniedException e)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
        await ReloadAsync();
    }

    private static bool CanDownload(TransferJob job) =>
        job.Kind == TransferJobKind.Export && job.ResultPath is not null && job.State is TransferJobState.Succeeded or TransferJobState.PartlyFailed;

    private static double Percent(TransferJob job) =>
        job.TotalObjects == 0 ? (job.State is TransferJobState.Succeeded ? 100 : 0) : 100.0 * (job.DoneObjects + job.FailedObjects) / job.TotalObjects;

    private static Color StateColor(TransferJobState state) => state switch
    {
        TransferJobState.Queued => Color.Default,
        TransferJobState.Running => Color.Info,
        TransferJobState.Succeeded => Color.Success,
        TransferJobState.PartlyFailed => Color.Warning,
        TransferJobState.Failed => Color.Error,
        _ => Color.Dark,
    };

    private static string StateText(TransferJob job) => job.State switch
    {
        TransferJobState.PartlyFailed => "Partly failed",
        TransferJobState.Running when job.CancelRequested => "Cancelling",
        TransferJobState.Queued when job.Attempts > 0 => $"Retry {job.Attempts + 1} queued",
        _ => job.State.ToString(),
    };

    /// <summary>"12 / 40 objects, 2 failed · 6.1 MB of 20.3 MB · 1.2 MB/s" (the rate over the run so far).</summary>
    internal static string ProgressText(TransferJob job)
    {
        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{job.DoneObjects} / {job.TotalObjects} objects")
                + (job.FailedObjects > 0 ? string.Create(CultureInfo.InvariantCulture, $", {job.FailedObjects} failed") : ""),
        };
        if (job.TotalBytes > 0 || job.DoneBytes > 0)
        {
            parts.Add(job.TotalBytes > 0 ? $"{Bytes(job.DoneBytes)} of {Bytes(job.TotalBytes)}" : Bytes(job.DoneBytes));
        }
        if (job.StartedAt is { } started && job.DoneBytes > 0)
        {
            var seconds = ((job.FinishedAt ?? job.UpdatedAt) - started).TotalSeconds;
            if (seconds > 0)
            {
                parts.Add($"{Bytes((long)(job.DoneBytes / seconds))}/s");
            }
        }
        return string.Join(" · ", parts);
    }

    internal static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GB"),
    };

    public void Dispose()
    {
        Signal.JobChanged -= OnJobChanged;
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
