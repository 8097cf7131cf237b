using System.Globalization;
using PacsViewer.Core.Imaging.Geometry;
using PacsViewer.Core.Viewing;
using PacsViewer.Core.Viewing.Geometry;

namespace PacsViewer.Web.Viewer;

/// <summary>The corner text of a viewport, and its orientation markers, from the study model and the viewport's state.</summary>
public sealed record OverlayText(
    IReadOnlyList<string> TopLeft,
    IReadOnlyList<string> TopRight,
    IReadOnlyList<string> BottomLeft,
    IReadOnlyList<string> BottomRight,
    EdgeMarkers Markers)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Top left: patient name, ID, birth date and sex. Top right: study date and description, series number and
    /// description. Bottom left: instance (and frame) number, position in the stack, slice location and thickness.
    /// Bottom right: window (<c>W: width L: center</c>), zoom, rotation, flips and invert.
    /// </summary>
    public static OverlayText For(StudyModel study, SeriesModel series, ViewportStateReport? state)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(series);
        var instance = state?.SopInstanceUid is { } sop
            ? series.Instances.FirstOrDefault(i => i.SopInstanceUid == sop)
            : series.Instances.FirstOrDefault();

        var topLeft = Lines(
            study.PatientName,
            study.PatientId is { Length: > 0 } id ? $"ID: {id}" : null,
            Join(study.PatientBirthDate is { Length: > 0 } dob ? $"DOB: {dob}" : null, study.PatientSex is { Length: > 0 } sex ? $"Sex: {sex}" : null));
        var topRight = Lines(
            Join(study.StudyDate, study.StudyTime),
            study.Description,
            Join(series.SeriesNumber is { } n ? $"Se: {n}" : null, series.Description));

        var bottomLeft = new List<string>();
        if (instance is not null)
        {
            var im = instance.InstanceNumber is { } number ? $"Im: {number}" : "Im: -";
            if (state is not null && state.Count > 0)
            {
                im += $" ({state.Index + 1}/{state.Count})";
            }
            bottomLeft.Add(im);
            if (instance.Frames > 1 && state is not null)
            {
                bottomLeft.Add($"Fr: {state.Frame}/{instance.Frames}");
            }
            if (instance.SliceLocation is { } location)
            {
                bottomLeft.Add($"Loc: {Number(location)} mm");
            }
            if (instance.SliceThickness is { } thickness)
            {
                bottomLeft.Add($"Thk: {Number(thickness)} mm");
            }
        }

        var bottomRight = new List<string>();
        var center = state?.WindowCenter ?? instance?.Windows.FirstOrDefault()?.Center;
        var width = state?.WindowWidth ?? instance?.Windows.FirstOrDefault()?.Width;
        bottomRight.Add(center is { } c && width is { } w ? $"W: {Number(w)} L: {Number(c)}" : "W/L: auto");
        if (state is not null)
        {
            bottomRight.Add($"Zoom: {state.Zoom.ToString("0.00", Invariant)}x");
            var view = Join(
                state.Rotation != 0 ? $"Rot: {state.Rotation}°" : null,
                state.FlipHorizontal ? "Flip H" : null,
                state.FlipVertical ? "Flip V" : null,
                state.Invert ? "Inverted" : null);
            if (view is not null)
            {
                bottomRight.Add(view);
            }
            if (state.Cine)
            {
                bottomRight.Add($"Cine: {Number(state.FramesPerSecond)} fps");
            }
        }

        var rotation = state?.Rotation switch
        {
            90 => Rotation.Clockwise90,
            180 => Rotation.Clockwise180,
            270 => Rotation.Clockwise270,
            _ => Rotation.None,
        };
        // The frame's own orientation for an enhanced image (PS3.3 C.7.6.16.2.4), else the instance's.
        var orientation = instance?.GeometryOf(state?.Frame ?? 1).ImageOrientationPatient;
        var markers = OrientationMarkers.For(orientation, rotation, state?.FlipHorizontal ?? false, state?.FlipVertical ?? false);
        return new OverlayText(topLeft, topRight, bottomLeft, bottomRight, markers);
    }

    private static string Number(double value) => value.ToString("0.##", Invariant);

    private static string? Join(params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrWhiteSpace(p)).ToArray();
        return present.Length == 0 ? null : string.Join(' ', present);
    }

    private static IReadOnlyList<string> Lines(params string?[] lines) => lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!).ToArray();
}
