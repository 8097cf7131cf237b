using System.Globalization;
using PacsViewer.Core.Archive;
using PacsViewer.Core.Viewing;

namespace PacsViewer.Web.Endpoints;

/// <summary><c>GET /api/sources</c> and the study search of one source.</summary>
internal static class SourceEndpoints
{
    /// <summary>Largest study list one request may ask for.</summary>
    public const int MaxLimit = 1000;

    public static void MapSourceEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/sources", (StudySourceCatalog catalog) =>
            Results.Ok(catalog.All.Select(s => new SourceInfo(s.Id, StudySourceCatalog.KindOf(s)))));

        api.MapGet("/sources/{source}/studies", (string source, HttpContext context, StudySourceCatalog catalog, CancellationToken cancellationToken) =>
            ApiProblems.RunAsync(context, source, async () =>
            {
                if (!catalog.TryGet(source, out var studySource))
                {
                    return ApiProblems.UnknownSource(source);
                }
                var query = Query(context.Request.Query);
                var studies = new List<StudySummary>();
                await foreach (var study in studySource.SearchStudiesAsync(query, cancellationToken))
                {
                    studies.Add(StudySummary.FromDataset(study));
                }
                return Results.Ok(studies);
            }));
    }

    /// <summary>The study query of patientName, patientId, accession, modality, from, to (yyyy-MM-dd) and limit.</summary>
    public static StudyQuery Query(IQueryCollection q)
    {
        string? Text(string name) => q.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v[^1]) ? v[^1]!.Trim() : null;
        DateOnly? Date(string name) => Text(name) is not { } text ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new ApiParameterException(name, $"'{(text.Length > 20 ? text[..20] : text)}' is not a date yyyy-MM-dd");
        int? limit = null;
        if (Text("limit") is { } l)
        {
            limit = int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit ? n
                : throw new ApiParameterException("limit", $"must be a number from 1 to {MaxLimit}");
        }
        var (from, to) = (Date("from"), Date("to"));
        if (from > to)
        {
            throw new ApiParameterException("from", "the range starts after it ends");
        }
        return new StudyQuery
        {
            PatientName = Text("patientName"),
            PatientId = Text("patientId"),
            AccessionNumber = Text("accession"),
            Modality = Text("modality")?.ToUpperInvariant(),
            StudyDateFrom = from,
            StudyDateTo = to,
            Limit = limit,
        };
    }

    private sealed record SourceInfo(string Id, string Kind);
}
