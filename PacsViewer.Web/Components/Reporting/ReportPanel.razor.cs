using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MudBlazor;
using PacsViewer.Core.Reporting;
using PacsViewer.Core.Reporting.Delivery;
using PacsViewer.Core.Security;
using PacsViewer.Core.Worklist;
using PacsViewer.Web.Reporting;

namespace PacsViewer.Web.Components.Reporting;

/// <summary>
/// The report panel beside the viewer. With <see cref="ReadingAccess.CanEdit"/> (the user holds the reading lock) it
/// opens the draft for editing (<see cref="ReportService.OpenForEditingAsync"/>) and autosaves it through a
/// <see cref="ReportDraft"/>, registered with the circuit (<see cref="ReadingCircuit"/>) so a dropped connection saves
/// at once, and saved when the panel is disposed; signing and addenda ask for the password. Otherwise it shows the
/// report read-only as <see cref="ReportService.GetForStudyAsync"/> lets the user see it (clinicians: Final only).
/// </summary>
public sealed partial class ReportPanel : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private (StudyKey Study, bool CanEdit)? _loadedFor;
    private ReportView? _view;
    private ReportDraft? _draft;
    private IReadOnlyList<ReportTemplate> _templates = [];
    private IReadOnlyList<ReportPhrase> _phrases = [];
    private IReadOnlyList<ReportDeliveryState> _deliveries = [];
    private bool _loading;
    private string? _error;
    private bool _finalRaised;
    private bool _collapsed;

    [Inject]
    private ReportService Reports { get; set; } = null!;

    [Inject]
    private ReportTemplateService Templates { get; set; } = null!;

    [Inject]
    private ReportDeliveryQueue Deliveries { get; set; } = null!;

    [Inject]
    private ReadingCircuit Circuit { get; set; } = null!;

    [Inject]
    private OpenReportDrafts OpenDrafts { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    [Inject]
    private IOptions<ReportEditorOptions> EditorOptions { get; set; } = null!;

    [Inject]
    private ILogger<ReportPanel> Logger { get; set; } = null!;

    [Parameter, EditorRequired]
    public StudyKey Study { get; set; } = null!;

    /// <summary>The signed-in user (from the cascading authentication state).</summary>
    [Parameter, EditorRequired]
    public ClaimsPrincipal User { get; set; } = null!;

    /// <summary>Null while the viewer is still claiming the study.</summary>
    [Parameter]
    public ReadingAccess? Access { get; set; }

    /// <summary>The study's modalities, to offer matching templates and phrases.</summary>
    [Parameter]
    public IReadOnlyList<string> Modalities { get; set; } = [];

    /// <summary>Body Part Examined (0018,0015) when known, for the templates.</summary>
    [Parameter]
    public string? BodyPart { get; set; }

    /// <summary>The viewer's measurements as report text.</summary>
    [Parameter]
    public IReadOnlyList<string> Measurements { get; set; } = [];

    /// <summary>Raised once when the report is (or becomes) Final: the viewer stops renewing the lock.</summary>
    [Parameter]
    public EventCallback Finalized { get; set; }


    private bool IsRadiologist => User.IsInRole(PacsRoles.Radiologist);

    private bool SeesDrafts => IsRadiologist || User.IsInRole(PacsRoles.Admin);

    private string Mode => _draft is not null ? "edit" : "read";

    private int? CurrentVersion => _draft?.Version ?? _view?.RowVersion;

    private string StatusLabel => _view switch
    {
        { Status: ReportStatus.Final, Addenda.Count: > 0 } => "Amended",
        { } v => v.Status.ToString(),
        null => "",
    };

    private Color StatusColor => _view?.Status switch
    {
        ReportStatus.Final => Color.Success,
        ReportStatus.Preliminary => Color.Info,
        _ => Color.Default,
    };

    protected override async Task OnParametersSetAsync()
    {
        if (Access is null || User.Identity?.IsAuthenticated != true || (_loadedFor is { } loaded && loaded.Study == Study && loaded.CanEdit == Access.CanEdit))
        {
            return;
        }
        _loadedFor = (Study, Access.CanEdit);
        _loading = true;
        _error = null;
        await DropDraftAsync();
        try
        {
            if (Access.CanEdit)
            {
                var view = await Reports.OpenForEditingAsync(Study, User, cancellationToken: _cancel.Token);
                if (await OpenDrafts.FlushOthersAsync(view.Id, null, _cancel.Token))
                {
                    view = await Reports.OpenForEditingAsync(Study, User, cancellationToken: _cancel.Token);
                }
                await ShowAsync(view);
                await LoadChoicesAsync();
            }
            else
            {
                await ShowAsync(await Reports.GetForStudyAsync(Study, User, _cancel.Token));
            }
        }
        catch (Exception e) when (e is ReportingException or WorklistException)
        {
            _error = e.Message;
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // the viewer was left
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>Shows a report: editable while not Final and the user may edit, else read-only.</summary>
    private async Task ShowAsync(ReportView? view)
    {
        _view = view;
        if (view is not null && view.Status != ReportStatus.Final && Access?.CanEdit == true)
        {
            if (_draft is null || _draft.ReportId != view.Id)
            {
                await DropDraftAsync();
                _draft = new ReportDraft(view, Reports, User, Time, EditorOptions.Value, Logger);
                _draft.Changed += OnDraftChanged;
                Circuit.Register(_draft);
                OpenDrafts.Add(_draft);
            }
        }
        else
        {
            await DropDraftAsync();
        }
        if (view?.Status == ReportStatus.Final)
        {
            _deliveries = SeesDrafts ? await Deliveries.GetForReportAsync(view.Id, _cancel.Token) : [];
            if (!_finalRaised)
            {
                _finalRaised = true;
                await Finalized.InvokeAsync();
            }
        }
    }

    private async Task LoadChoicesAsync()
    {
        var templates = new List<ReportTemplate>();
        foreach (var modality in Modalities.DefaultIfEmpty(null))
        {
            if (BodyPart is not null)
            {
                templates.AddRange(await Templates.FindTemplatesAsync(modality, BodyPart, _cancel.Token));
            }
            else
            {
                // Body part unknown: every template of the modality (or generic), the most specific first.
                var all = await Templates.ListTemplatesAsync(_cancel.Token);
                templates.AddRange(all.Where(t => t.Modality is null || string.Equals(t.Modality, modality, StringComparison.OrdinalIgnoreCase))
                    .OrderByDescending(t => t.Modality is not null).ThenBy(t => t.BodyPart is null).ThenBy(t => t.Name, StringComparer.Ordinal));
            }
        }
        _templates = templates.DistinctBy(t => t.Id).ToList();
        var phrases = new List<ReportPhrase>();
        foreach (var modality in Modalities.DefaultIfEmpty(null))
        {
            phrases.AddRange(await Templates.ListPhrasesAsync(modality, _cancel.Token));
        }
        _phrases = phrases.DistinctBy(p => p.Id).OrderBy(p => p.Label, StringComparer.Ordinal).ToList();
    }

    /// <summary>The save state and version show in the header too.</summary>
    private void OnDraftChanged() => _ = InvokeAsync(StateHasChanged);

    private void ApplyTemplate(ReportTemplate template) => _draft?.Replace(_draft.Content.FillEmpty(template.Content));

    /// <summary>Reloads the report after a change made through the service (signing, addendum, critical result).</summary>
    private async Task ReloadAsync()
    {
        var view = await Reports.GetForStudyAsync(Study, User, _cancel.Token);
        await ShowAsync(view);
    }

    private async Task DropDraftAsync()
    {
        if (_draft is { } draft)
        {
            _draft = null;
            draft.Changed -= OnDraftChanged;
            Circuit.Unregister(draft);
            OpenDrafts.Remove(draft);
            await draft.DisposeAsync();
        }
    }

    /// <summary>Saves the pending text (the circuit or the page is going away).</summary>
    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        try
        {
            await DropDraftAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogError(e, "Saving the report of study {StudyInstanceUid} on leaving failed", Study.StudyInstanceUid);
        }
        _cancel.Dispose();
    }
}
