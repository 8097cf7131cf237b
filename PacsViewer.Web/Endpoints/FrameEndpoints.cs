using System.Diagnostics;
using System.Globalization;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.Dictionary;
using PacsViewer.Core.Imaging.Encoding;
using PacsViewer.Core.Imaging.Rendering;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Web.Endpoints;

/// <summary>
/// Rendered frames, thumbnails and region statistics of one instance (see README "Viewer API"), mapped on the group of
/// one study (<see cref="PacsViewerEndpoints.StudyPrefix"/>, whose filter checks the user's access to it).
/// </summary>
internal static class FrameEndpoints
{
    private const string Instance = "/series/{series}/instances/{sop}";

    public static void MapFrameEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet(Instance + "/frames/{frame}/rendered", RenderedAsync);
        api.MapGet(Instance + "/frames/{frame}/stats", StatisticsAsync);
        api.MapGet(Instance + "/thumbnail", InstanceThumbnailAsync);
        api.MapGet("/series/{series}/thumbnail", SeriesThumbnailAsync);
    }

    private static Task<IResult> RenderedAsync(string source, string study, string series, string sop, string frame,
        HttpContext context, StudySourceCatalog catalog, ViewerFrameService frames, CancellationToken cancellationToken) =>
        ApiProblems.RunAsync(context, source, async () =>
        {
            if (!catalog.TryGet(source, out var studySource))
            {
                return ApiProblems.UnknownSource(source);
            }
            var frameIndex = RenderParameters.FrameIndex(frame);
            var key = new InstanceKey(study, series, sop);
            var header = await frames.GetHeaderAsync(studySource, key, cancellationToken);
            if (CheckFrame(header, frameIndex) is { } missing)
            {
                return missing;
            }
            var renderKey = RenderParameters.Parse(context.Request.Query, frameIndex,
                header.GetInt32(DicomTags.Columns, 0), header.GetInt32(DicomTags.Rows, 0));
            return await RenderResponseAsync(context, frames, studySource, key, renderKey, cancellationToken);
        });

    private static Task<IResult> StatisticsAsync(string source, string study, string series, string sop, string frame,
        HttpContext context, StudySourceCatalog catalog, ViewerFrameService frames, CancellationToken cancellationToken) =>
        ApiProblems.RunAsync(context, source, async () =>
        {
            if (!catalog.TryGet(source, out var studySource))
            {
                return ApiProblems.UnknownSource(source);
            }
            var frameIndex = RenderParameters.FrameIndex(frame);
            var region = RenderParameters.Region(context.Request.Query);
            var key = new InstanceKey(study, series, sop);
            var header = await frames.GetHeaderAsync(studySource, key, cancellationToken);
            if (CheckFrame(header, frameIndex) is { } missing)
            {
                return missing;
            }
            var stats = await frames.StatisticsAsync(studySource, key, frameIndex, region, cancellationToken);
            double? Value(double v) => stats.PixelCount == 0 ? null : v;
            return Results.Ok(new FrameStatisticsResponse(Value(stats.Min), Value(stats.Max), Value(stats.Mean), Value(stats.StandardDeviation),
                stats.PixelCount, StudyModelBuilder.ModalityUnits(header)));
        });

    private static Task<IResult> InstanceThumbnailAsync(string source, string study, string series, string sop,
        HttpContext context, StudySourceCatalog catalog, ViewerFrameService frames, CancellationToken cancellationToken) =>
        ApiProblems.RunAsync(context, source, async () =>
        {
            if (!catalog.TryGet(source, out var studySource))
            {
                return ApiProblems.UnknownSource(source);
            }
            var size = RenderParameters.ThumbnailSize(context.Request.Query);
            return await ThumbnailAsync(context, frames, studySource, new InstanceKey(study, series, sop), size, cancellationToken);
        });

    /// <summary>
    /// The thumbnail of the series' middle instance. A revalidation (If-None-Match) of a series whose middle instance
    /// was chosen recently is answered from that choice, without listing the series again.
    /// </summary>
    private static Task<IResult> SeriesThumbnailAsync(string source, string study, string series,
        HttpContext context, StudySourceCatalog catalog, ViewerFrameService frames, SeriesThumbnailChoices choices,
        CancellationToken cancellationToken) =>
        ApiProblems.RunAsync(context, source, async () =>
        {
            if (!catalog.TryGet(source, out var studySource))
            {
                return ApiProblems.UnknownSource(source);
            }
            var size = RenderParameters.ThumbnailSize(context.Request.Query);
            var middle = context.Request.Headers.IfNoneMatch.Count > 0 ? choices.TryGet(source, study, series) : null;
            middle ??= await choices.ChooseAsync(studySource, study, series, cancellationToken);
            if (middle is not { } key)
            {
                return ApiProblems.NotFound("Not found", $"series {series} has no instances in source '{source}'");
            }
            return await ThumbnailAsync(context, frames, studySource, key, size, cancellationToken);
        });

    /// <summary>The middle frame fitted in size x size, as JPEG; a non-image object is a 404 saying what it is.</summary>
    private static async Task<IResult> ThumbnailAsync(HttpContext context, ViewerFrameService frames, IStudySource source, InstanceKey key,
        int size, CancellationToken cancellationToken)
    {
        var header = await frames.GetHeaderAsync(source, key, cancellationToken);
        int rows = header.GetInt32(DicomTags.Rows, 0), columns = header.GetInt32(DicomTags.Columns, 0);
        var sopClass = header.GetFirstString(DicomTags.SOPClassUID);
        var kind = SopClassKinds.Classify(sopClass, rows, columns, header.GetFirstString(DicomTags.PhotometricInterpretation));
        if (kind != SeriesKind.Image)
        {
            return ApiProblems.NotFound("No image", $"{SopClassKinds.Describe(kind, sopClass)}; it has no thumbnail");
        }
        var scale = Math.Min(1.0, (double)size / Math.Max(rows, columns));
        var frameCount = Math.Max(1, header.GetInt32(DicomTags.NumberOfFrames, 1));
        var renderKey = new RenderKey
        {
            FrameIndex = frameCount / 2,
            Width = Math.Max(1, (int)Math.Round(columns * scale)),
            Height = Math.Max(1, (int)Math.Round(rows * scale)),
            Format = ImageFormat.Jpeg,
            Quality = 80,
        };
        return await RenderResponseAsync(context, frames, source, key, renderKey, cancellationToken);
    }

    /// <summary>304 when the client has this render; else the encoded image with its validators.</summary>
    private static async Task<IResult> RenderResponseAsync(HttpContext context, ViewerFrameService frames, IStudySource source, InstanceKey key,
        RenderKey renderKey, CancellationToken cancellationToken)
    {
        var etag = FrameCaching.ETag(source.Id, key.SopInstanceUid, renderKey);
        if (FrameCaching.NotModified(context, etag) is { } notModified)
        {
            return notModified;
        }
        var started = Stopwatch.GetTimestamp();
        var encoded = await frames.RenderAsync(source, key, renderKey, cancellationToken);
        FrameCaching.SetValidators(context.Response, etag);
        context.Response.Headers["X-Render-Ms"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
        return Results.Bytes(encoded.Bytes, encoded.MediaType);
    }

    /// <summary>A 404 when the instance has no such frame (Number of Frames, PS3.3 C.7.6.6), else null.</summary>
    private static IResult? CheckFrame(DicomDataset header, int frameIndex)
    {
        var count = Math.Max(1, header.GetInt32(DicomTags.NumberOfFrames, 1));
        return frameIndex < count ? null
            : ApiProblems.NotFound("No such frame", $"frame {frameIndex + 1} does not exist: the instance has {count} frame(s)");
    }

    private sealed record FrameStatisticsResponse(double? Min, double? Max, double? Mean, double? StdDev, long Count, string? Units);
}
