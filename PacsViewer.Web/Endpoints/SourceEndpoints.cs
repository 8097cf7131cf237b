using PacsViewer.Core.Archive;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Web.Endpoints;

/// <summary><c>GET /api/sources</c> and the study search of one source (GET with a query string, or POST with a JSON body).</summary>
internal static class SourceEndpoints
{
    public static void MapSourceEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/sources", (StudySourceCatalog catalog) =>
            Results.Ok(catalog.All.Select(s => new SourceInfo(s.Id, StudySourceCatalog.KindOf(s)))));

        api.MapGet("/sources/{source}/studies", (string source, HttpContext context, StudySourceCatalog catalog, CancellationToken cancellationToken) =>
            ApiProblems.RunAsync(context, source, () =>
                SearchAsync(catalog, source, StudySearchRequest.FromQuery(context.Request.Query), cancellationToken)));

        api.MapPost("/sources/{source}/studies/search", (string source, StudySearchRequest request, HttpContext context, StudySourceCatalog catalog,
            CancellationToken cancellationToken) =>
            ApiProblems.RunAsync(context, source, () => SearchAsync(catalog, source, request, cancellationToken)));
    }

    private static async Task<IResult> SearchAsync(StudySourceCatalog catalog, string source, StudySearchRequest request, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(source, out var studySource))
        {
            return ApiProblems.UnknownSource(source);
        }
        var query = request.ToQuery();
        var studies = new List<StudySummary>();
        await foreach (var study in studySource.SearchStudiesAsync(query, cancellationToken))
        {
            studies.Add(StudySummary.FromDataset(study));
        }
        return Results.Ok(studies);
    }

    private sealed record SourceInfo(string Id, string Kind);
}
