using PacsViewer.Web.Viewer;

namespace PacsViewer.Web.Components.Pages.Viewer;

/// <summary>Reference lines and synchronised scrolling: the geometry is decided by <see cref="ViewportLinks"/>.</summary>
public sealed partial class ViewerPage
{
    private readonly int?[] _indexes = new int?[ViewerState.MaxViewports];
    private readonly int?[] _driven = new int?[ViewerState.MaxViewports];
    private readonly ViewportReferenceLines?[] _sentLines = new ViewportReferenceLines?[ViewerState.MaxViewports];
    private readonly Dictionary<string, StackGeometry> _geometry = new(StringComparer.Ordinal);
    private bool? _syncChoice;

    /// <summary>The user's choice, else on when two viewports show parallel stacks in one Frame of Reference.</summary>
    private bool SyncScroll => _syncChoice ?? ViewportLinks.AnyLinked(Stacks());

    private void SetSyncScroll(bool on) => _syncChoice = on;

    /// <summary>The geometry of each visible viewport's stack, null for empty and non-image viewports.</summary>
    private StackGeometry?[] Stacks()
    {
        var stacks = new StackGeometry?[_state.Layout.ViewportCount()];
        for (var slot = 0; slot < stacks.Length; slot++)
        {
            if (SeriesOf(slot) is { Kind: Core.Viewing.SeriesKind.Image } series)
            {
                if (!_geometry.TryGetValue(series.SeriesInstanceUid, out var geometry))
                {
                    geometry = StackGeometry.For(series);
                    _geometry[series.SeriesInstanceUid] = geometry;
                }
                stacks[slot] = geometry;
            }
        }
        return stacks;
    }

    /// <summary>Forgets what a slot showed (a new series or layout): its next report starts afresh.</summary>
    private void ForgetSlot(int slot)
    {
        _indexes[slot] = null;
        _driven[slot] = null;
        _sentLines[slot] = null;
    }

    private async Task OnSliceChangedAsync(int slot, ViewportStateReport state)
    {
        var stacks = Stacks();
        if (slot >= stacks.Length || stacks[slot] is not { } stack || state.SopInstanceUid is null
            || stack.ImageAt(state.Index) != StackGeometry.ImageKey(state.SopInstanceUid, state.Frame))
        {
            return; // a report of a stack the slot no longer shows
        }
        _indexes[slot] = state.Index;
        // A move this page caused does not drive the others back (their spacings may differ).
        var driven = _driven[slot] == state.Index;
        _driven[slot] = null;
        if (SyncScroll && !driven)
        {
            foreach (var (target, index) in ViewportLinks.SyncTargets(stacks, _indexes, slot, state.Index))
            {
                if (_viewports[target] is { } viewport)
                {
                    _driven[target] = index;
                    await viewport.GoToAsync(index);
                }
            }
        }
        await SendReferenceLinesAsync(stacks);
    }

    private async Task SendReferenceLinesAsync(StackGeometry?[] stacks)
    {
        for (var slot = 0; slot < stacks.Length; slot++)
        {
            var lines = ViewportLinks.For(stacks, _indexes, slot);
            if (_viewports[slot] is { } viewport && !Same(_sentLines[slot], lines))
            {
                _sentLines[slot] = lines;
                await viewport.SetReferenceLinesAsync(lines);
            }
        }
    }

    private static bool Same(ViewportReferenceLines? a, ViewportReferenceLines b) =>
        a is not null && a.Image == b.Image && a.Lines.SequenceEqual(b.Lines);
}
