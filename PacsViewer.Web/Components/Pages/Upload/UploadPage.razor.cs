using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Upload;

namespace PacsViewer.Web.Components.Pages.Upload;

/// <summary>
/// The Upload page (issue 8): a drop zone whose JS module (js/upload.js) posts the files to <c>POST /api/uploads</c>
/// with progress, a destination picker (the built-in archive or an upstream PACS), then the Upload job's items as the
/// job works through them: stored, skipped (already stored) or refused with the reason. Only for users whose role may
/// upload (<see cref="IDistributionPermissions"/>); <c>?job=ID</c> shows an earlier upload of the user's.
/// </summary>
public sealed partial class UploadPage
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<UploadDestination> _destinations = [];
    private string? _destination;
    private string? _token;
    private string? _userName;
    private bool _isAdmin;
    private bool? _allowed;
    private bool _uploading;
    private int _sendingFiles;
    private long _sending;
    private long _sent;
    private string? _error;
    private UploadJobView? _view;
    private long? _watching;
    private ElementReference _zone;
    private ElementReference _input;
    private IJSObjectReference? _module;
    private DotNetObjectReference<UploadPage>? _self;
    private bool _attached;
    private bool _ready;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [SupplyParameterFromQuery(Name = "job")]
    public long? Job { get; set; }

    [Inject]
    private UploadService Uploads { get; set; } = default!;

    [Inject]
    private IDistributionPermissions Permissions { get; set; } = default!;

    [Inject]
    private AntiforgeryStateProvider Antiforgery { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<UploadPage> Logger { get; set; } = default!;

    private UploadOptions Limits => Uploads.Options;

    private double _percent => _sending == 0 ? 0 : 100.0 * _sent / _sending;

    protected override async Task OnInitializedAsync()
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        _userName = user?.Identity?.Name;
        _isAdmin = user?.IsInRole(Core.Security.PacsRoles.Admin) == true;
        _allowed = user is not null && await Permissions.IsAllowedAsync(user, DistributionAction.Upload, _stop.Token);
        _destinations = Uploads.Destinations();
        _destination = _destinations.FirstOrDefault()?.Id;
        _token = Antiforgery.GetAntiforgeryToken()?.Value;
        if (_allowed == true && Job is { } job)
        {
            await ShowAsync(job);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!RendererInfo.IsInteractive || _allowed != true || _attached)
        {
            return;
        }
        _attached = true;
        try
        {
            _self = DotNetObjectReference.Create(this);
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/upload.js");
            await _module.InvokeVoidAsync("attach", _zone, _input, _self);
            _ready = true;
            StateHasChanged();
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException)
        {
            Logger.LogWarning(e, "The upload drop zone did not start");
            _error = "The drop zone could not start; reload the page.";
        }
        if (_view is { IsFinished: false } view)
        {
            Watch(view.Job.Id);
        }
    }

    private void DestinationChanged(string destination) => _destination = destination;

    /// <summary>Called by js/upload.js when the request starts.</summary>
    [JSInvokable]
    public Task OnUploadStarted(int files, long bytes) => InvokeAsync(() =>
    {
        (_uploading, _sendingFiles, _sending, _sent, _error) = (true, files, bytes, 0, null);
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadProgress(long sent, long total) => InvokeAsync(() =>
    {
        (_sent, _sending) = (sent, total);
        StateHasChanged();
    });

    /// <summary>Called by js/upload.js with the answer (status 0: the request did not get through).</summary>
    [JSInvokable]
    public Task OnUploadFinished(int status, string body) => InvokeAsync(async () =>
    {
        _uploading = false;
        if (status == 202 && ReadJobId(body) is { } jobId)
        {
            await ShowAsync(jobId);
            Watch(jobId);
        }
        else
        {
            _error = status == 0
                ? "The upload did not reach the server (connection lost, or refused for its size). Try again, or send fewer files."
                : ProblemText(body) ?? $"The server refused the upload (HTTP {status}).";
        }
        StateHasChanged();
    });

    private async Task ShowAsync(long jobId)
    {
        var view = await Uploads.GetAsync(jobId, _stop.Token);
        if (view is null || (!_isAdmin && !string.Equals(view.Job.CreatedBy, _userName, StringComparison.Ordinal)))
        {
            _error = $"There is no upload {jobId} of yours.";
            return;
        }
        _view = view;
    }

    /// <summary>Reloads the job until it is final (the job runner works in the background).</summary>
    private void Watch(long jobId)
    {
        if (_watching == jobId)
        {
            return;
        }
        _watching = jobId;
        _ = WatchAsync(jobId, _stop.Token);
    }

    private async Task WatchAsync(long jobId, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (_watching == jobId && await timer.WaitForNextTickAsync(cancellationToken))
            {
                var view = await Uploads.GetAsync(jobId, cancellationToken);
                await InvokeAsync(() =>
                {
                    _view = view;
                    StateHasChanged();
                });
                if (view is null || view.IsFinished)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the page closed
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            Logger.LogWarning(e, "Upload job {JobId}: the page stopped following it", jobId);
        }
    }

    private static long? ReadJobId(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("jobId", out var id) && id.TryGetInt64(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ProblemText(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return title is null ? detail : detail is null ? title : $"{title}: {detail}";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string DestinationText(UploadDestination d) => d.Kind switch
    {
        "archive" => d.DisplayName,
        "dicomweb" => $"{d.DisplayName} (DICOMweb STOW-RS)",
        "dimse" => $"{d.DisplayName} (DICOM C-STORE)",
        _ => d.DisplayName,
    };

    private static int Count(UploadJobView view, TransferItemState state) => view.Items.Count(i => i.State == state);

    private static int Stored(UploadJobView view) => Count(view, TransferItemState.Done);

    private static string StateText(UploadJobView view) => view.Job.State switch
    {
        TransferJobState.Queued => "waiting to start",
        TransferJobState.Running => "storing",
        TransferJobState.Succeeded => "done",
        TransferJobState.PartlyFailed => "done, some files refused",
        TransferJobState.Failed => "failed",
        TransferJobState.Cancelled => "cancelled",
        _ => view.Job.State.ToString(),
    };

    private static string ItemText(TransferItemState state) => state switch
    {
        TransferItemState.Done => "stored",
        TransferItemState.Skipped => "skipped",
        TransferItemState.Failed => "refused",
        _ => "waiting",
    };

    private static Color ItemColor(TransferItemState state) => state switch
    {
        TransferItemState.Done => Color.Success,
        TransferItemState.Skipped => Color.Info,
        TransferItemState.Failed => Color.Error,
        _ => Color.Default,
    };

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    public async ValueTask DisposeAsync()
    {
        _watching = null;
        await _stop.CancelAsync();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("detach", _zone);
                await _module.DisposeAsync();
            }
            catch (Exception e) when (e is JSDisconnectedException or JSException or TaskCanceledException)
            {
                // the circuit is gone
            }
        }
        _self?.Dispose();
        _stop.Dispose();
    }
}
