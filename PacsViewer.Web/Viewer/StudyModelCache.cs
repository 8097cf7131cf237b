using PacsViewer.Core.Archive;
using PacsViewer.Core.Viewing;
using PacsViewer.Web.Scaling;

namespace PacsViewer.Web.Viewer;

/// <summary>
/// Study models the viewer page loaded in the last <see cref="Lifetime"/>, at most <see cref="Capacity"/> of them. A
/// viewer page is rendered twice for one visit (the prerender, then the circuit's interactive render); with the model
/// at hand the interactive render shows the viewports at once (synchronously), so the prerendered canvases whose first
/// frame wwwroot/js/viewport-boot.js drew are replaced by live ones without a "Loading" in between, and the source is
/// asked once. The short lifetime keeps a study that grows (new instances arriving) fresh on the next visit.
/// Thread-safe; models are immutable and shared.
/// </summary>
public sealed class StudyModelCache
{
    /// <summary>How long a loaded model is reused.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>The most models kept (the oldest go first).</summary>
    public const int Capacity = 32;

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Source, string Study), (StudyModel Model, DateTimeOffset Stored)> _entries = [];

    private readonly SharedStudyModelStore? _shared;

    /// <param name="time">The clock of <see cref="Lifetime"/>.</param>
    /// <param name="shared">With several app servers (Redis), the second level shared by all of them.</param>
    public StudyModelCache(TimeProvider? time = null, SharedStudyModelStore? shared = null)
    {
        _time = time ?? TimeProvider.System;
        _shared = shared;
    }

    /// <summary>The study's model: a fresh cached one without waiting, else loaded from the source (<see cref="StudyModelService"/>).</summary>
    public ValueTask<StudyModel> GetAsync(IStudySource source, string studyInstanceUid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(studyInstanceUid);
        var key = (source.Id, studyInstanceUid);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && _time.GetUtcNow() - entry.Stored < Lifetime)
            {
                return ValueTask.FromResult(entry.Model);
            }
        }
        return new ValueTask<StudyModel>(LoadAsync(source, key, cancellationToken));
    }

    private async Task<StudyModel> LoadAsync(IStudySource source, (string Source, string Study) key, CancellationToken cancellationToken)
    {
        var model = _shared is null ? null : await _shared.TryGetAsync(key.Source, key.Study, cancellationToken);
        if (model is null)
        {
            model = await StudyModelService.LoadAsync(source, key.Study, cancellationToken);
            if (_shared is not null)
            {
                await _shared.SetAsync(key.Source, model, cancellationToken);
            }
        }
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            _entries[key] = (model, now);
            foreach (var stale in _entries.Where(e => now - e.Value.Stored >= Lifetime).Select(e => e.Key).ToList())
            {
                _entries.Remove(stale);
            }
            while (_entries.Count > Capacity)
            {
                _entries.Remove(_entries.MinBy(e => e.Value.Stored).Key);
            }
        }
        return model;
    }
}
