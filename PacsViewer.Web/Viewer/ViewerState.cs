using PacsViewer.Core.Viewing;

namespace PacsViewer.Web.Viewer;

/// <summary>
/// The state of one open study in the viewer, held by the viewer page for its circuit: the layout, which series each
/// viewport shows, the active viewport and tool, and the study's measurements. Pixels and view transforms live in the
/// browser (wwwroot/js/viewport.js).
/// </summary>
public sealed class ViewerState
{
    /// <summary>The most viewports any layout shows.</summary>
    public const int MaxViewports = 4;

    private readonly string?[] _assignments = new string?[MaxViewports];
    private readonly List<MeasurementReport> _measurements = [];

    public ViewerLayout Layout { get; private set; } = ViewerLayout.Single;

    /// <summary>The viewport the toolbar acts on (highlighted).</summary>
    public int ActiveViewport { get; private set; }

    /// <summary>The tool a left drag uses (<see cref="ViewerBindings.Tools"/>).</summary>
    public string Tool { get; private set; } = ViewerBindings.WindowTool;

    /// <summary>The Series Instance UID shown in each viewport slot, null when empty; slots beyond the layout keep theirs.</summary>
    public IReadOnlyList<string?> Assignments => _assignments;

    /// <summary>The measurements of the study, oldest first.</summary>
    public IReadOnlyList<MeasurementReport> Measurements => _measurements;

    /// <summary>Puts the study's series into the viewports in order, image series first; the first viewport becomes active.</summary>
    public void Open(StudyModel study)
    {
        ArgumentNullException.ThrowIfNull(study);
        Array.Clear(_assignments);
        _measurements.Clear();
        var ordered = study.Series.Where(s => s.Kind == SeriesKind.Image).Concat(study.Series.Where(s => s.Kind != SeriesKind.Image));
        var slot = 0;
        foreach (var series in ordered.Take(MaxViewports))
        {
            _assignments[slot++] = series.SeriesInstanceUid;
        }
        ActiveViewport = 0;
    }

    public void SetLayout(ViewerLayout layout)
    {
        Layout = layout;
        ActiveViewport = Math.Min(ActiveViewport, layout.ViewportCount() - 1);
    }

    public void Activate(int viewport)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(viewport);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(viewport, Layout.ViewportCount());
        ActiveViewport = viewport;
    }

    /// <summary>Shows <paramref name="seriesInstanceUid"/> in <paramref name="viewport"/> and makes it active.</summary>
    public void Assign(int viewport, string seriesInstanceUid)
    {
        ArgumentException.ThrowIfNullOrEmpty(seriesInstanceUid);
        Activate(viewport);
        _assignments[viewport] = seriesInstanceUid;
    }

    /// <summary>Shows <paramref name="seriesInstanceUid"/> in the active viewport.</summary>
    public void AssignToActive(string seriesInstanceUid) => Assign(ActiveViewport, seriesInstanceUid);

    public void SelectTool(string tool)
    {
        if (!ViewerBindings.Tools.Any(t => t.Id == tool))
        {
            throw new ArgumentException($"unknown viewer tool '{tool}'", nameof(tool));
        }
        Tool = tool;
    }

    public void AddMeasurement(MeasurementReport measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        _measurements.RemoveAll(m => m.Id == measurement.Id);
        _measurements.Add(measurement);
    }

    /// <summary>Removes a measurement; false when there is none with that id.</summary>
    public bool RemoveMeasurement(string id) => _measurements.RemoveAll(m => m.Id == id) > 0;
}
