using System.Text.Json;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Web.Viewer;

/// <summary>
/// What a JavaScript viewport needs to show a series: where its frames are (<see cref="BaseUrl"/> is the study's URL
/// under /api/sources), and one <see cref="ViewportImage"/> per frame in display order (<see cref="StackOrder.Images"/>: each frame
/// of a multi-frame instance is one image, enhanced frames ordered by their own positions), plus the cine rate from Frame Time (0018,1063) when there is one.
/// </summary>
public sealed record ViewportStack(string BaseUrl, string Series, IReadOnlyList<ViewportImage> Images, double Fps, int StartIndex)
{
    /// <summary>Frames per second when a series gives no Frame Time.</summary>
    public const double DefaultFps = 10;

    /// <summary>No series is shown as a stack of more frames than this (a hang detector for broken headers).</summary>
    public const int MaxImages = 10_000;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Where the first image's frames are and what it is (instance, frame, size), as the JSON the first-frame boot
    /// module (wwwroot/js/viewport-boot.js) reads from a prerendered canvas's data-first-frame; null for no images.
    /// </summary>
    public string? FirstFrameJson() =>
        StartIndex >= 0 && StartIndex < Images.Count ? JsonSerializer.Serialize(new FirstFrame(BaseUrl, Series, Images[StartIndex]), JsonOptions) : null;

    public static ViewportStack For(string baseUrl, SeriesModel series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var images = new List<ViewportImage>();
        var windows = new Dictionary<InstanceModel, ViewportWindow[]>(ReferenceEqualityComparer.Instance);
        foreach (var image in StackOrder.Images(series.Instances, MaxImages))
        {
            var instance = image.Instance;
            // A frame's own Pixel Measures (enhanced images, PS3.3 C.7.6.16.2.1) before the instance's spacing.
            var own = instance.PerFrame is { } perFrame && image.Frame <= perFrame.Count ? perFrame[image.Frame - 1].PixelSpacing : null;
            var spacing = own ?? (instance.PixelSpacing is { Count: 2 } s ? s : null);
            var kind = own is not null ? "pixel" : instance.PixelSpacingKind switch
            {
                PixelSpacingKind.ImagerPixelSpacing => "imager",
                PixelSpacingKind.PixelSpacing => "pixel",
                _ => null,
            };
            if (!windows.TryGetValue(instance, out var instanceWindows))
            {
                instanceWindows = instance.Windows.Select(w => new ViewportWindow(w.Center, w.Width)).ToArray();
                windows.Add(instance, instanceWindows);
            }
            images.Add(new ViewportImage(instance.SopInstanceUid, series.SeriesInstanceUid, image.Frame, instance.Rows, instance.Columns,
                spacing, kind, instanceWindows, instance.IsColor));
        }
        var frameTime = series.Instances.Select(i => i.FrameTimeMs).FirstOrDefault(t => t is > 0);
        var fps = frameTime is { } ms ? Math.Clamp(1000 / ms, 1, 120) : DefaultFps;
        return new ViewportStack(baseUrl, series.SeriesInstanceUid, images, fps, 0);
    }

    private sealed record FirstFrame(string BaseUrl, string Series, ViewportImage Image);
}
