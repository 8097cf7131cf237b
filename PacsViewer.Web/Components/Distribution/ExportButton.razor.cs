using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Distribution;
using PacsViewer.Core.Distribution.Export;
using PacsViewer.Core.Security;

namespace PacsViewer.Web.Components.Distribution;

/// <summary>
/// The viewer's Export button and its dialog: de-identify or not (only the choices the user's role allows), a
/// pseudonym, then either queue an export job (a snackbar links to the jobs page) or download the ZIP at once.
/// </summary>
public sealed partial class ExportButton
{
    private static readonly DialogOptions DialogOptions = new() { CloseButton = true, MaxWidth = MaxWidth.Small, FullWidth = true };

    private (bool Identified, bool Deidentified) _allowed;
    private bool _visible;
    private bool _deidentify;
    private string? _pseudonym;
    private bool _includeFlagged;
    private bool _busy;
    private string? _error;
    private ClaimsPrincipal _user = new();

    private ExportService? _exports;

    /// <summary>
    /// The export service when the host registered it (an empty sequence otherwise: pages rendered without the
    /// distribution feature, such as component tests of the viewer, show no button).
    /// </summary>
    [Inject]
    private IEnumerable<ExportService> ExportServices { get; set; } = [];

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Parameter]
    public string SourceId { get; set; } = "";

    [Parameter]
    public string StudyInstanceUid { get; set; } = "";

    private string DownloadHref =>
        $"api/sources/{Uri.EscapeDataString(SourceId)}/studies/{Uri.EscapeDataString(StudyInstanceUid)}/export.zip?deidentify={(_deidentify ? "true" : "false")}"
        + (_deidentify && !string.IsNullOrWhiteSpace(_pseudonym) ? "&pseudonym=" + Uri.EscapeDataString(_pseudonym.Trim()) : "")
        + (_deidentify && _includeFlagged ? "&includeFlagged=true" : "");

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null)
        {
            _user = (await AuthenticationState).User;
        }
        _exports = ExportServices.FirstOrDefault();
        if (_exports is null)
        {
            return;
        }
        _allowed = await _exports.AllowedAsync(_user);
        _deidentify = !_allowed.Identified;
    }

    private void Open()
    {
        _error = null;
        _visible = true;
    }

    private async Task QueueAsync()
    {
        _busy = true;
        _error = null;
        try
        {
            var id = await _exports!.QueueAsync(_user, SourceId, StudyInstanceUid, null,
                new ExportJobParameters(_deidentify, _deidentify ? _pseudonym : null, _deidentify && _includeFlagged));
            _visible = false;
            Snackbar.Add($"Export job {id} queued: follow it on the jobs page.", Severity.Success, o =>
            {
                o.Action = "Jobs";
                o.OnClick = _ => { Navigation.NavigateTo("jobs"); return Task.CompletedTask; };
            });
        }
        catch (Exception e) when (e is TransferJobAccessDeniedException or StudyAccessException or StudySourceException or ArgumentException)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;
}
