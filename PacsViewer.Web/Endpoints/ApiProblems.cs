using PacsViewer.Core.Archive;
using PacsViewer.Core.Codecs;
using PacsViewer.Core.Dicom;

namespace PacsViewer.Web.Endpoints;

/// <summary>
/// Turns the failures of an API call into ProblemDetails answers: a bad parameter 400, an unknown source or object
/// 404, a frame that cannot be decoded 422, a failing source 502 naming it. Logs carry the source id, the route's
/// UIDs and the failure, never patient data.
/// </summary>
internal static class ApiProblems
{
    public static IResult UnknownSource(string source) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown study source",
            detail: $"No study source is configured with the id '{source}'.");

    /// <summary>400 naming the bad parameter.</summary>
    public static IResult BadParameter(ApiParameterException e) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Invalid parameter '{e.Parameter}'", detail: e.Message,
            extensions: new Dictionary<string, object?> { ["parameter"] = e.Parameter });

    public static IResult NotFound(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    /// <summary>Runs <paramref name="work"/>, answering its failures as problems.</summary>
    public static async Task<IResult> RunAsync(HttpContext context, string source, Func<Task<IResult>> work)
    {
        try
        {
            return await work();
        }
        catch (ApiParameterException e)
        {
            return BadParameter(e);
        }
        catch (StudyObjectNotFoundException e)
        {
            return NotFound("Not found", e.Message);
        }
        catch (StudySourceException e)
        {
            Logger(context).LogWarning(e, "Study source {Source} failed on {Path}", source, context.Request.Path);
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: $"The study source '{source}' failed",
                detail: $"{e.Message}. Check that the PACS is reachable, then try again.");
        }
        catch (Exception e) when (e is PixelDataException or DicomFormatException)
        {
            Logger(context).LogWarning("Frame cannot be rendered on {Path}: {Message}", context.Request.Path, e.Message);
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The image cannot be displayed", detail: e.Message);
        }
    }

    public static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PacsViewer.Web.Endpoints");
}
