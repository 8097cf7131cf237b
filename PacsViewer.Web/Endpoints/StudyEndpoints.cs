using PacsViewer.Core.Viewing;

namespace PacsViewer.Web.Endpoints;

/// <summary><c>GET /api/sources/{source}/studies/{study}/model</c>: the viewer's study model (on one study's group).</summary>
internal static class StudyEndpoints
{
    public static void MapStudyEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/model",
            (string source, string study, HttpContext context, StudySourceCatalog catalog, CancellationToken cancellationToken) =>
                ApiProblems.RunAsync(context, source, async () =>
                {
                    if (!catalog.TryGet(source, out var studySource))
                    {
                        return ApiProblems.UnknownSource(source);
                    }
                    var model = await StudyModelService.LoadAsync(studySource, study, cancellationToken);
                    context.Response.Headers.CacheControl = "no-cache";
                    return Results.Ok(model);
                }));
    }
}
