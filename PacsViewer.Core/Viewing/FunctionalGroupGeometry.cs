using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;

namespace PacsViewer.Core.Viewing;

/// <summary>
/// Reads the per-frame geometry of an enhanced multi-frame image (PS3.3 C.7.6.16 Multi-frame Functional Groups): for
/// each frame, the macro in its Per-frame Functional Groups Sequence (5200,9230) item, else in the Shared Functional
/// Groups Sequence (5200,9229) (C.7.6.16.1: a macro is in one or the other).
/// </summary>
public static class FunctionalGroupGeometry
{
    /// <summary>No more frames than this get a geometry (a declared Number of Frames is never trusted for allocation).</summary>
    public const int MaxFrames = 10_000;

    /// <summary>
    /// One <see cref="FrameGeometry"/> per frame (at most <paramref name="frames"/>, and no more per-frame items than the
    /// dataset holds unless the Shared groups give every frame the same geometry), or null when the dataset has no
    /// functional groups or none of them carries geometry.
    /// </summary>
    public static IReadOnlyList<FrameGeometry>? Read(DicomDataset dataset, int frames)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var perFrame = dataset.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence);
        var sharedItems = dataset.GetSequence(DicomTags.SharedFunctionalGroupsSequence);
        var shared = sharedItems.Count > 0 ? sharedItems[0] : null;
        if (perFrame.Count == 0 && shared is null)
        {
            return null;
        }
        var count = Math.Min(Math.Max(1, frames), MaxFrames);
        var result = new List<FrameGeometry>(Math.Min(count, Math.Max(perFrame.Count, 1)));
        var any = false;
        for (var i = 0; i < count; i++)
        {
            var own = i < perFrame.Count ? perFrame[i] : null;
            if (own is null && perFrame.Count > 0)
            {
                break; // fewer per-frame items than frames: the rest is unknown, not guessed
            }
            var geometry = ReadFrame(own, shared);
            any |= geometry.ImagePositionPatient is not null || geometry.ImageOrientationPatient is not null || geometry.PixelSpacing is not null;
            result.Add(geometry);
        }
        return any ? result : null;
    }

    private static FrameGeometry ReadFrame(DicomDataset? own, DicomDataset? shared)
    {
        var position = Macro(own, shared, DicomTags.PlanePositionSequence);
        var orientation = Macro(own, shared, DicomTags.PlaneOrientationSequence);
        var measures = Macro(own, shared, DicomTags.PixelMeasuresSequence);
        return new FrameGeometry(
            Finite(position?.GetNumbers(DicomTags.ImagePositionPatient).Values, 3),
            Finite(orientation?.GetNumbers(DicomTags.ImageOrientationPatient).Values, 6),
            Positive(measures?.GetNumbers(DicomTags.PixelSpacing).Values, 2),
            measures is not null && measures.TryGetDouble(DicomTags.SliceThickness, out var t) && double.IsFinite(t) && t > 0 ? t : null);
    }

    /// <summary>The first item of sequence <paramref name="tag"/> in the frame's own groups, else in the shared groups.</summary>
    private static DicomDataset? Macro(DicomDataset? own, DicomDataset? shared, DicomTag tag)
    {
        if (own?.GetSequence(tag) is { Count: > 0 } mine)
        {
            return mine[0];
        }
        return shared?.GetSequence(tag) is { Count: > 0 } common ? common[0] : null;
    }

    private static double[]? Finite(double[]? values, int count) =>
        values is not null && values.Length == count && values.All(double.IsFinite) ? values : null;

    private static double[]? Positive(double[]? values, int count) =>
        values is not null && values.Length == count && values.All(v => v > 0 && double.IsFinite(v)) ? values : null;
}
