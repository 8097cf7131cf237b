using PacsViewer.Core.Viewing.Geometry;

namespace PacsViewer.Web.Viewer;

/// <summary>
/// How the viewports of the viewer relate through patient geometry: which move together when one scrolls
/// (synchronised scrolling) and which reference lines each shows. Inputs are per viewport slot: the stack's geometry
/// (null for an empty or non-image viewport) and the index of the image shown (null before the first report).
/// </summary>
public static class ViewportLinks
{
    /// <summary>The colour of the reference lines of each source viewport, by slot.</summary>
    public static IReadOnlyList<string> Colors { get; } = ["#ff5252", "#69f0ae", "#40c4ff", "#ffd740"];

    /// <summary>True when at least two of the viewports show parallel stacks in the same Frame of Reference.</summary>
    public static bool AnyLinked(IReadOnlyList<StackGeometry?> stacks)
    {
        ArgumentNullException.ThrowIfNull(stacks);
        for (var i = 0; i < stacks.Count; i++)
        {
            for (var j = i + 1; j < stacks.Count; j++)
            {
                if (stacks[i] is { } a && stacks[j] is { } b && a.IsParallelTo(b))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// The viewports to move when <paramref name="source"/> shows image <paramref name="index"/>: every other viewport
    /// with a parallel stack in the same Frame of Reference, to its slice nearest the source slice's position along its
    /// normal (within half its slice spacing); viewports already there, or with no slice near enough, are left out.
    /// </summary>
    public static IReadOnlyList<(int Viewport, int Index)> SyncTargets(IReadOnlyList<StackGeometry?> stacks,
        IReadOnlyList<int?> indexes, int source, int index)
    {
        ArgumentNullException.ThrowIfNull(stacks);
        ArgumentNullException.ThrowIfNull(indexes);
        if (source < 0 || source >= stacks.Count || stacks[source] is not { } from || from.PlaneAt(index) is not { } plane)
        {
            return [];
        }
        var targets = new List<(int, int)>();
        for (var i = 0; i < stacks.Count; i++)
        {
            if (i != source && stacks[i] is { } other && from.IsParallelTo(other)
                && other.NearestIndex(plane.Position) is { } nearest && nearest != (i < indexes.Count ? indexes[i] : null))
            {
                targets.Add((i, nearest));
            }
        }
        return targets;
    }

    /// <summary>
    /// The reference lines on viewport <paramref name="target"/>'s current image: one per other viewport whose
    /// current slice shares the Frame of Reference and is not parallel to it (Core's <see cref="ReferenceLine"/>).
    /// </summary>
    public static ViewportReferenceLines For(IReadOnlyList<StackGeometry?> stacks, IReadOnlyList<int?> indexes, int target)
    {
        ArgumentNullException.ThrowIfNull(stacks);
        ArgumentNullException.ThrowIfNull(indexes);
        if (target < 0 || target >= stacks.Count || stacks[target] is not { } to || IndexOf(indexes, target) is not { } shown
            || to.PlaneAt(shown) is not { } image)
        {
            return ViewportReferenceLines.None;
        }
        var lines = new List<ViewportReferenceLine>();
        for (var i = 0; i < stacks.Count; i++)
        {
            if (i != target && stacks[i] is { } from && from.SharesFrameOfReference(to) && IndexOf(indexes, i) is { } index
                && from.PlaneAt(index) is { } slice && ReferenceLine.Compute(slice, image) is { } segment)
            {
                lines.Add(new ViewportReferenceLine(i, Colors[i % Colors.Count], Round(segment.X1), Round(segment.Y1), Round(segment.X2), Round(segment.Y2)));
            }
        }
        return new ViewportReferenceLines(to.ImageAt(shown), lines);
    }

    private static int? IndexOf(IReadOnlyList<int?> indexes, int slot) => slot < indexes.Count ? indexes[slot] : null;

    private static double Round(double v) => Math.Round(v, 2);
}
