using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using PacsViewer.Core.Viewing;
using PacsViewer.Web.Viewer;

namespace PacsViewer.Web.Components.Viewer;

/// <summary>
/// One viewport of the viewer: creates its JavaScript viewport (wwwroot/js/viewport.js) on first render, hands it the
/// stack of the series shown (instance and frame numbers, sizes, spacing, windows), the tool and commands, and shows
/// the overlay from the state the module reports. Pixels go from the frame endpoint to the canvas, never through here.
/// </summary>
public sealed partial class Viewport : IAsyncDisposable
{
    private ElementReference _root;
    private IJSObjectReference? _module;
    private IJSObjectReference? _viewport;
    private DotNetObjectReference<Viewport>? _self;
    private string? _loadedSeries;
    private string? _appliedTool;
    private string? _firstFrameSeries;
    private string? _firstFrame;
    private bool _disposed;
    private TaskCompletionSource<string?>? _annotation;
    private ElementReference _annotationInput;
    private string _annotationText = "";
    private bool _focusAnnotation;

    /// <summary>Longest annotation text accepted.</summary>
    public const int MaxAnnotationLength = 200;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    [Parameter, EditorRequired]
    public string SourceId { get; set; } = "";

    [Parameter, EditorRequired]
    public StudyModel Study { get; set; } = null!;

    /// <summary>The series shown; null for an empty viewport.</summary>
    [Parameter]
    public SeriesModel? Series { get; set; }

    [Parameter]
    public bool IsActive { get; set; }

    /// <summary>Which study the viewport shows, for the overlay, when the viewer compares two studies; else null.</summary>
    [Parameter]
    public string? StudyLabel { get; set; }

    [Parameter]
    public string Tool { get; set; } = ViewerBindings.WindowTool;

    [Parameter]
    public EventCallback Activated { get; set; }

    [Parameter]
    public EventCallback<string> ToolRequested { get; set; }

    [Parameter]
    public EventCallback<int> PresetRequested { get; set; }

    [Parameter]
    public EventCallback<MeasurementReport> MeasurementAdded { get; set; }

    /// <summary>Raised when the viewport shows another image of its stack (scroll, cine, a new series).</summary>
    [Parameter]
    public EventCallback<ViewportStateReport> SliceChanged { get; set; }

    /// <summary>The latest state the viewport reported, null before its first frame.</summary>
    public ViewportStateReport? State { get; private set; }

    /// <summary>Why the current frame cannot be shown (source unreachable, frame undecodable), null when it can.</summary>
    public string? Error { get; private set; }

    private bool IsImage => Series?.Kind == SeriesKind.Image && Series.Instances.Count > 0;

    private string BaseUrl => $"/api/sources/{Uri.EscapeDataString(SourceId)}/studies/{Uri.EscapeDataString(Study.StudyInstanceUid)}";

    protected override void OnParametersSet()
    {
        var series = IsImage ? Series!.SeriesInstanceUid : null;
        if (series != _firstFrameSeries)
        {
            _firstFrameSeries = series;
            _firstFrame = series is null ? null : ViewportStack.For(BaseUrl, Series!).FirstFrameJson();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusAnnotation && _annotation is not null)
        {
            _focusAnnotation = false;
            await _annotationInput.FocusAsync();
        }
        if (firstRender)
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/viewport.js");
            _self = DotNetObjectReference.Create(this);
            _viewport = await _module.InvokeAsync<IJSObjectReference>("createViewport", _root, _self);
        }
        if (_viewport is null || _disposed)
        {
            return;
        }
        if (_appliedTool != Tool)
        {
            _appliedTool = Tool;
            await _viewport.InvokeVoidAsync("setTool", Tool);
        }
        var series = IsImage ? Series!.SeriesInstanceUid : null;
        if (series is not null && series != _loadedSeries)
        {
            _loadedSeries = series;
            State = null;
            Error = null;
            await _viewport.InvokeVoidAsync("setStack", ViewportStack.For(BaseUrl, Series!));
        }
        else if (series is null)
        {
            _loadedSeries = null;
        }
    }

    /// <summary>A toolbar command for the JS viewport: invert, rotateRight, rotateLeft, flipHorizontal, flipVertical, fit, actualSize, reset, cine, next, previous.</summary>
    public async Task CommandAsync(string command)
    {
        if (_viewport is not null && IsImage)
        {
            await _viewport.InvokeVoidAsync("command", command);
        }
    }

    public async Task SetWindowAsync(double center, double width)
    {
        if (_viewport is not null && IsImage)
        {
            await _viewport.InvokeVoidAsync("setWindow", center, width);
        }
    }

    public async Task SetCineRateAsync(double framesPerSecond)
    {
        if (_viewport is not null)
        {
            await _viewport.InvokeVoidAsync("setCineRate", framesPerSecond);
        }
    }

    public async Task RemoveMeasurementAsync(string id)
    {
        if (_viewport is not null)
        {
            await _viewport.InvokeVoidAsync("removeMeasurement", id);
        }
    }

    /// <summary>Shows image <paramref name="index"/> of the stack (synchronised scrolling).</summary>
    public async Task GoToAsync(int index)
    {
        if (_viewport is not null && IsImage)
        {
            await _viewport.InvokeVoidAsync("goTo", index);
        }
    }

    /// <summary>The reference lines of the other viewports' slices on this viewport's image (small numbers, no pixels).</summary>
    public async Task SetReferenceLinesAsync(ViewportReferenceLines lines)
    {
        if (_viewport is not null)
        {
            await _viewport.InvokeVoidAsync("setReferenceLines", lines);
        }
    }

    [JSInvokable]
    public async Task OnViewportState(ViewportStateReport state)
    {
        var moved = State is null || State.Index != state.Index || State.SopInstanceUid != state.SopInstanceUid || State.Frame != state.Frame;
        State = state;
        await InvokeAsync(StateHasChanged);
        if (moved)
        {
            await InvokeAsync(() => SliceChanged.InvokeAsync(state));
        }
    }

    [JSInvokable]
    public Task OnViewportError(string? message)
    {
        if (Error == message)
        {
            return Task.CompletedTask;
        }
        Error = message;
        return InvokeAsync(StateHasChanged);
    }

    /// <summary>
    /// Asked by the JS viewport when a text arrow is drawn: shows the viewport's text field and completes with the
    /// text once it is confirmed (Enter or OK), or null when it is cancelled (Esc or Cancel).
    /// </summary>
    [JSInvokable]
    public Task<string?> OnAnnotationTextRequested()
    {
        _annotation?.TrySetResult(null);
        var request = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _annotation = request;
        _annotationText = "";
        _focusAnnotation = true;
        StateHasChanged();
        return request.Task;
    }

    private void SubmitAnnotation() => CloseAnnotation(_annotationText.Length > MaxAnnotationLength ? _annotationText[..MaxAnnotationLength] : _annotationText);

    private void CancelAnnotation() => CloseAnnotation(null);

    private void AnnotationKeyDown(Microsoft.AspNetCore.Components.Web.KeyboardEventArgs e)
    {
        if (e.Key == "Escape")
        {
            CancelAnnotation();
        }
    }

    private void CloseAnnotation(string? text)
    {
        var request = _annotation;
        _annotation = null;
        request?.TrySetResult(text);
    }

    [JSInvokable]
    public Task OnActivated() => IsActive ? Task.CompletedTask : Activated.InvokeAsync();

    [JSInvokable]
    public Task OnToolRequested(string tool) => ToolRequested.InvokeAsync(tool);

    [JSInvokable]
    public Task OnPresetRequested(int number) => PresetRequested.InvokeAsync(number);

    [JSInvokable]
    public Task OnMeasurementAdded(MeasurementReport measurement) => MeasurementAdded.InvokeAsync(measurement);

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        CloseAnnotation(null);
        try
        {
            if (_viewport is not null)
            {
                await _viewport.InvokeVoidAsync("dispose");
                await _viewport.DisposeAsync();
            }
            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone with the browser tab: nothing left to clean up on that side.
        }
        _self?.Dispose();
    }
}
