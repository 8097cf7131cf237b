using Microsoft.AspNetCore.Components;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Viewing;
using PacsViewer.Web.Components.Viewer;
using PacsViewer.Web.Viewer;

namespace PacsViewer.Web.Components.Pages.Viewer;

/// <summary>
/// The diagnostic viewer for one study, opened by its URL (<c>/viewer/{source}/{study}</c>): loads the study model
/// from the source, and keeps the layout, viewport assignments, tool and measurements in a <see cref="ViewerState"/>.
/// </summary>
public sealed partial class ViewerPage : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly Viewport?[] _viewports = new Viewport?[ViewerState.MaxViewports];
    private readonly ViewerState _state = new();
    private StudyModel? _study;
    private string? _error;
    private SeriesModel? _dragged;
    private bool _helpOpen;
    private int _fps = (int)ViewportStack.DefaultFps;

    [Inject]
    private StudySourceCatalog Sources { get; set; } = null!;

    [Inject]
    private StudyModelCache Models { get; set; } = null!;

    [Parameter]
    public string SourceId { get; set; } = "";

    [Parameter]
    public string StudyInstanceUid { get; set; } = "";

    private string GridStyle => $"grid-template-rows: repeat({_state.Layout.Rows()}, 1fr); grid-template-columns: repeat({_state.Layout.Columns()}, 1fr);";

    private Viewport? ActiveViewport => _viewports[_state.ActiveViewport];

    private ViewportStateReport? ActiveViewportState => ActiveViewport?.State;

    private SeriesModel? ActiveSeries => SeriesOf(_state.ActiveViewport);

    private IReadOnlyList<WindowPreset> ActivePresets =>
        StudyOf(_state.ActiveViewport) is { } study && ActiveSeries?.Modality is { } modality && study.Presets.TryGetValue(modality, out var presets) ? presets : [];

    protected override async Task OnParametersSetAsync()
    {
        if (_study?.StudyInstanceUid != StudyInstanceUid)
        {
            await LoadStudyAsync();
        }
        if (_study is not null)
        {
            await LoadPriorAsync(); // ViewerPage.Priors.cs
        }
    }

    private async Task LoadStudyAsync()
    {
        _study = null;
        _error = null;
        if (!Sources.TryGet(SourceId, out var source))
        {
            _error = $"There is no study source named '{SourceId}'. Check the link, or open the study from the study list.";
            return;
        }
        try
        {
            if (!await MayOpenAsync()) // ViewerPage.Access.cs
            {
                return;
            }
            _study = await Models.GetAsync(source, StudyInstanceUid, _cancel.Token);
            _state.Open(_study);
            await RecordOpeningAsync();
        }
        catch (StudyObjectNotFoundException)
        {
            _error = $"The study {StudyInstanceUid} was not found in '{SourceId}'.";
        }
        catch (StudySourceException e)
        {
            _error = $"The study could not be loaded from '{SourceId}': {e.Message}. Try again, or check that the PACS is reachable.";
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // the page was left
        }
    }

    private SeriesModel? SeriesOf(int slot) =>
        _state.Assignments[slot] is { } uid ? FindSeries(uid)?.Series : null;

    private void Activate(int slot)
    {
        if (slot < _state.Layout.ViewportCount())
        {
            _state.Activate(slot);
        }
    }

    private void ShowInActive(SeriesModel series)
    {
        if (_state.Assignments[_state.ActiveViewport] != series.SeriesInstanceUid)
        {
            ForgetSlot(_state.ActiveViewport);
        }
        _state.AssignToActive(series.SeriesInstanceUid);
    }

    private void DropOn(int slot)
    {
        if (_dragged is not null)
        {
            if (_state.Assignments[slot] != _dragged.SeriesInstanceUid)
            {
                ForgetSlot(slot);
            }
            _state.Assign(slot, _dragged.SeriesInstanceUid);
            _dragged = null;
        }
    }

    private void SelectTool(string tool) => _state.SelectTool(tool);

    private void SelectLayout(ViewerLayout layout)
    {
        for (var slot = layout.ViewportCount(); slot < ViewerState.MaxViewports; slot++)
        {
            ForgetSlot(slot);
        }
        _state.SetLayout(layout);
    }

    private async Task CommandAsync(string command)
    {
        if (ActiveViewport is { } viewport)
        {
            await viewport.CommandAsync(command);
        }
    }

    private async Task ApplyPresetAsync(WindowPreset preset)
    {
        if (ActiveViewport is { } viewport)
        {
            await viewport.SetWindowAsync(preset.Center, preset.Width);
        }
    }

    private Task ApplyPresetNumberAsync(int number) =>
        number >= 1 && number <= ActivePresets.Count ? ApplyPresetAsync(ActivePresets[number - 1]) : Task.CompletedTask;

    private async Task SetFpsAsync(int fps)
    {
        _fps = Math.Clamp(fps, 1, 60);
        if (ActiveViewport is { } viewport)
        {
            await viewport.SetCineRateAsync(_fps);
        }
    }

    private void AddMeasurement(MeasurementReport measurement) => _state.AddMeasurement(measurement);

    private async Task RemoveMeasurementAsync(MeasurementReport measurement)
    {
        _state.RemoveMeasurement(measurement.Id);
        foreach (var viewport in _viewports)
        {
            if (viewport is not null)
            {
                await viewport.RemoveMeasurementAsync(measurement.Id);
            }
        }
    }

    public void Dispose()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }
}
